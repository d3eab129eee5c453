// npm run build — the production build: `next build` (output: standalone), then the static assets
// and public/ copied next to the standalone server, as Next's standalone output expects, and the
// source stamp that lets npm start skip the build next time.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { distDirOf, sourceHash, standaloneServer, writeBuildStamp } from "./lib/build-stamp";
import { keepingTsconfig } from "./lib/keep-tsconfig";

const root = process.cwd();
const distDirName = distDirOf(process.env);
const distDir = path.join(root, distDirName);
const sources = sourceHash(root, process.env);

const build = await keepingTsconfig(() =>
  spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  }),
);
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(standaloneServer(distDir))) {
  console.error(
    `The build produced no ${path.relative(root, standaloneServer(distDir))} (is output: "standalone" set in next.config.ts?)`,
  );
  process.exit(1);
}

const standalone = path.join(distDir, "standalone");
// Local state must never ship: if the tracer picked up .data/ (database files, generated secrets), drop it.
if (existsSync(path.join(standalone, ".data"))) {
  console.warn("The standalone output traced .data/ (local database and secrets): removed.");
  rmSync(path.join(standalone, ".data"), { recursive: true, force: true });
}
for (const [from, to] of [
  [path.join(distDir, "static"), path.join(standalone, distDirName, "static")],
  [path.join(root, "public"), path.join(standalone, "public")],
  // The local mode migrates on start (lib/startup.ts), from the server's working directory.
  [path.join(root, "db", "migrations"), path.join(standalone, "db", "migrations")],
] as const) {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
writeBuildStamp(distDir, sources);
console.log(`Standalone server: ${path.relative(root, standaloneServer(distDir))}`);
