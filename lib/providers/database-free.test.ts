import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The lint rules (eslint.config.mjs) see one file's imports; this follows them: nothing that
// lib/providers loads, at any depth, is the database or lib/connections (issue #12).
const FORBIDDEN = /^(db|lib\/connections)\//;

function resolve(spec: string, from: string): string | undefined {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.join(path.dirname(from), spec);
  else return undefined;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((f) => existsSync(f) && statSync(f).isFile());
}

/** Every module a file loads (type-only imports load nothing), each with the chain that reached it. */
function reachable(start: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.set(file, chain);
    const code = readFileSync(file, "utf8").replace(/^import type [^;]*;$/gm, "");
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      const target = resolve(spec!, file);
      if (target) visit(target, [...chain, target]);
    }
  };
  for (const file of start) visit(file, [file]);
  return seen;
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.ts$/.test(e.name) && !e.name.endsWith(".test.ts") ? [full] : [];
  });

describe("lib/providers speaks HTTP only", () => {
  it("loads neither db/ nor lib/connections, directly or through another module", () => {
    const reached = [...reachable(sources("lib/providers"))].filter(([file]) => FORBIDDEN.test(file));
    expect(reached.map(([, chain]) => chain.join(" → "))).toEqual([]);
  });
});
