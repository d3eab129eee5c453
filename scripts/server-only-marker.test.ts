import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Modules that reach the database, the vault, the configuration or provider credentials must be
// marked `import "server-only"` so a client component importing them fails the build.
const SENSITIVE =
  /from "@\/(db\/client|lib\/vault|lib\/env)|from "\.\/(client|cipher|config)"|from "@\/lib\/connections\/|from "@\/lib\/providers\/(?!names")|from "@\/lib\/auth\/(config|users|throttle|password)"/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("server-only markers", () => {
  it("every lib/ and db/ module that touches secrets, tokens or the database starts with it", () => {
    const unmarked = [...sources("lib"), "db/client.ts", "db/seed.ts"].filter((file) => {
      const text = readFileSync(file, "utf8");
      // Type-only imports bring no code along; provider names (lib/providers/names.ts) are plain labels.
      const code = text.replace(/^import type [^;]*;$/gm, "");
      return SENSITIVE.test(code) && !text.startsWith('import "server-only";');
    });
    expect(unmarked).toEqual([]);
  });
});
