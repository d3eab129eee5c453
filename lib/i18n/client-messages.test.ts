import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_NAMESPACES, clientMessages } from "./client-messages";
import { LOCALES } from "./locales";

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && statSync(path.join(root, f)).isFile());
}

/** A module's own files it imports ("./x", "../x", "@/x"), resolved to paths from the root. */
function localImports(file: string, text: string): string[] {
  const found: string[] = [];
  // Type-only imports bring no code into the browser.
  for (const [, spec] of text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gm)) {
    if (!spec) continue;
    const base = spec.startsWith("@/")
      ? path.join(root, spec.slice(2))
      : spec.startsWith(".")
        ? path.resolve(path.dirname(path.join(root, file)), spec)
        : undefined;
    if (!base) continue;
    const hit = [".tsx", ".ts", "/index.tsx", "/index.ts"].map((ext) => base + ext).find(existsSync);
    if (hit) found.push(path.relative(root, hit));
  }
  return found;
}

/**
 * Every catalog namespace the browser needs: what the client components, and every module they
 * import (which runs in the browser too), pass to useTranslations. No namespace means all of them.
 */
function namespacesUsedInTheBrowser(): Map<string, string[]> {
  const clientFiles = [...sources("app"), ...sources("lib")].filter((f) =>
    /^\s*["']use client["']/.test(readFileSync(path.join(root, f), "utf8")),
  );
  const used = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue = [...clientFiles];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(path.join(root, file), "utf8");
    for (const [, ns] of text.matchAll(/useTranslations\(\s*(?:"([^"]*)")?\s*\)/g)) {
      const namespace = (ns ?? "(all)").split(".")[0]!;
      used.set(namespace, [...(used.get(namespace) ?? []), file]);
    }
    queue.push(...localImports(file, text));
  }
  return used;
}

/**
 * A namespace a route hands to its own forms (app/_components/scoped-messages.tsx): some page or
 * layout in a folder above the client file wraps it in <ScopedMessages namespace="…">.
 */
function scopedAbove(file: string, namespace: string): boolean {
  const wrapper = `<ScopedMessages namespace="${namespace}">`;
  for (let dir = path.dirname(file); dir.startsWith("app"); dir = path.dirname(dir)) {
    for (const name of ["page.tsx", "layout.tsx"]) {
      const candidate = path.join(root, dir, name);
      if (existsSync(candidate) && readFileSync(candidate, "utf8").includes(wrapper)) return true;
    }
  }
  return false;
}

describe("the messages sent to the browser", () => {
  it("hold every namespace a client component translates with", () => {
    const used = namespacesUsedInTheBrowser();
    expect(used.size).toBeGreaterThan(0);
    const missing = [...used]
      .filter(([ns]) => !(CLIENT_NAMESPACES as readonly string[]).includes(ns))
      .map(([ns, files]) => [ns, files.filter((file) => !scopedAbove(file, ns))] as const)
      .filter(([, files]) => files.length > 0)
      .map(([ns, files]) => `${ns} (${files.join(", ")})`);
    expect(missing, "add these to CLIENT_NAMESPACES in lib/i18n/client-messages.ts").toEqual([]);
  });

  it("are those namespaces only, in every language", () => {
    for (const locale of LOCALES)
      expect(Object.keys(clientMessages(locale)).sort()).toEqual([...CLIENT_NAMESPACES].sort());
  });
});
