import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      // Outside Next's react-server build, `server-only` would throw on import; tests run server code.
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-*/**", ".data/**"],
    globalSetup: ["./test/global-setup.ts"],
    // Each test file on its own copy of the migrated database: files never share rows.
    setupFiles: ["./test/database-per-file.ts"],
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
