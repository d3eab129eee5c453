import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Sandbox-only run: `npx vitest run sandbox --config sandbox/vitest.config.ts` (no database). */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["sandbox/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
