import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

// Every rule is unit-tested in lib/env-production.test.ts; these check the process: `npm run serve`: production refuses to start on an unsafe configuration with one
// line naming the variable, before any server (or build) is looked at.
const production = {
  NODE_ENV: "production",
  APP_URL: "https://portal.example.com",
  DATABASE_URL: "postgres://portal@db.example:5432/portal",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  PORTAL_MODE: "",
  NEXT_DIST_DIR: ".next-serve-test-none",
};

function serve(overrides: Record<string, string | undefined>) {
  const env: Record<string, string | undefined> = { ...process.env, ...production, ...overrides };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/serve.ts"], {
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("npm run serve in production", () => {
  it.each([
    ["APP_URL", { APP_URL: "http://portal.example.com" }],
    ["AUTH_SECRET", { AUTH_SECRET: undefined }],
    // The acceptance case: nothing but NODE_ENV and a plain-http APP_URL still names APP_URL.
    [
      "APP_URL",
      {
        APP_URL: "http://portal.example.com",
        AUTH_SECRET: undefined,
        TOKEN_ENCRYPTION_KEYS: undefined,
        DATABASE_URL: undefined,
      },
    ],
    ["PLIANT_PARTNER_ID", { PLIANT_CLIENT_ID: "c", PLIANT_CLIENT_SECRET: "s" }],
  ])("exits 1 with one line naming %s", (name, overrides) => {
    const result = serve(overrides);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${name} `));
    expect(result.stdout).toBe("");
  });

  it("gets past the configuration with a complete one (and then wants a build)", () => {
    const result = serve({});
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^No production build at .*standalone\/server\.js: run npm run build first\.$/,
    );
  });
});
