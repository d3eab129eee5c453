import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * What a production build depends on: the app's sources, its configuration and lockfile, and the
 * environment Next reads at build time. npm start rebuilds only when this hash differs from the
 * one the last build stored (docs/decisions/011). Tests and the sandbox are not part of the build.
 */
const SOURCE_DIRS = ["app", "lib", "db", "public"];
const SOURCE_FILES = [
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "package.json",
  "package-lock.json",
  "postcss.config.mjs",
];
const BUILD_ENV = /^(NEXT_DIST_DIR|NEXT_PUBLIC_.*|NEXT_SERVER_ACTIONS_ENCRYPTION_KEY)$/;

export function distDirOf(env: NodeJS.ProcessEnv): string {
  return env.NEXT_DIST_DIR || ".next";
}

export function sourceHash(root: string, env: NodeJS.ProcessEnv): string {
  const hash = createHash("sha256");
  const files = [...SOURCE_FILES.filter((f) => existsSync(path.join(root, f)))];
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(path.join(root, dir))) continue;
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
      const file = path.join(dir, entry);
      if (/\.test\.tsx?$/.test(file) || !statSync(path.join(root, file)).isFile()) continue;
      files.push(file);
    }
  }
  for (const file of files.sort())
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  // tsconfig.json's compiler options only: `next build` itself appends <distDir>/types to its
  // "include" list, which would otherwise make every build stale the moment it finishes.
  const tsconfig = JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8")) as { compilerOptions?: unknown };
  hash.update(`tsconfig.json\0${JSON.stringify(tsconfig.compilerOptions ?? {})}\0`);
  for (const key of Object.keys(env)
    .filter((k) => BUILD_ENV.test(k))
    .sort())
    hash.update(`${key}=${env[key]}\0`);
  hash.update(`node ${process.versions.node}`);
  return hash.digest("hex");
}

const stampFile = (distDir: string) => path.join(distDir, "portal-build-stamp.json");

/** The standalone server of the last build, when that build is of exactly these sources. */
export function isBuildCurrent(root: string, env: NodeJS.ProcessEnv): boolean {
  const distDir = path.join(root, distDirOf(env));
  if (!existsSync(standaloneServer(distDir))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(distDir), "utf8")) as { sources?: string };
    return stamp.sources === sourceHash(root, env);
  } catch {
    return false;
  }
}

export function writeBuildStamp(distDir: string, sources: string): void {
  writeFileSync(stampFile(distDir), JSON.stringify({ sources, builtAt: new Date().toISOString() }, null, 2));
}

export function standaloneServer(distDir: string): string {
  return path.join(distDir, "standalone", "server.js");
}
