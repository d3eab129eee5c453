import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm start with a bad configuration", () => {
  it("stops with one line naming the variable, and no stack trace", () => {
    const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, TOKEN_ENCRYPTION_KEYS: "short", DATABASE_URL: "postgres://nowhere.invalid/x" },
      encoding: "utf8",
      // A budget for a child process on a busy machine, not a timing claim.
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: TOKEN_ENCRYPTION_KEYS /);
    expect(result.stdout).toBe("");
  }, 150_000);
});
