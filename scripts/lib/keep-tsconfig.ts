import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Runs a `next build` and puts tsconfig.json back as it was. Next adds `<distDir>/types/**` to
 * tsconfig.json's `include` (and reformats the file) whenever it builds into a folder not listed
 * there, so every bench or test build into its own folder (.next-bench, .next-render, …) left the
 * checkout modified. Nothing needs that entry: the build does not type-check (next.config.ts), and
 * `npm run typecheck` covers the sources.
 */
export async function keepingTsconfig<T>(build: () => T | Promise<T>): Promise<T> {
  const file = path.join(process.cwd(), "tsconfig.json");
  const before = readFileSync(file, "utf8");
  try {
    return await build();
  } finally {
    if (readFileSync(file, "utf8") !== before) writeFileSync(file, before);
  }
}
