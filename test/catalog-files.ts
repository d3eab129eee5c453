import { readFileSync } from "node:fs";

/** A message catalog as written in messages/<locale>.json: nested namespaces, ICU strings at the leaves. */
export type Catalog = { [key: string]: string | Catalog };

export function loadCatalog(locale: string): Catalog {
  return JSON.parse(readFileSync(new URL(`../messages/${locale}.json`, import.meta.url), "utf8")) as Catalog;
}

/** Every leaf as "a.b.c" → message. */
export function catalogLeaves(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of catalogLeaves(value, path)) out.set(k, v);
  }
  return out;
}
