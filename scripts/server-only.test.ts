import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// A throwaway Next app inside the repo (so it resolves our node_modules) whose client component
// imports the real vault module. Next must refuse to build it because of `import "server-only"`.
const dir = path.join(process.cwd(), ".data", `fixture-server-only-${randomBytes(3).toString("hex")}`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("server modules in client components", () => {
  it("fail the production build (server-only)", () => {
    mkdirSync(path.join(dir, "app"), { recursive: true });
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { jsx: "preserve", paths: { "@/*": ["../../*"] } } }),
    );
    writeFileSync(
      path.join(dir, "app", "layout.tsx"),
      `export default function Layout({ children }: { children: React.ReactNode }) { return <html><body>{children}</body></html>; }\n`,
    );
    writeFileSync(
      path.join(dir, "app", "page.tsx"),
      `"use client";\nimport { sealSecret } from "../../../lib/vault";\nexport default function Page() { return <p>{typeof sealSecret}</p>; }\n`,
    );
    const result = spawnSync(
      process.execPath,
      [path.join(process.cwd(), "node_modules/next/dist/bin/next"), "build", dir],
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        timeout: 420_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status).not.toBe(0);
    expect(output).toContain("server-only");
    expect(output).toMatch(/lib\/vault\/index\.ts/);
  }, 450_000);
});
