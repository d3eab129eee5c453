import { readFileSync } from "node:fs";
import { IntlMessageFormat } from "intl-messageformat";

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

/** What an ICU argument or tag is: "text" ({name}), "number", "date" (dates and times), "select", "plural", "tag" (<b>…</b>). */
export type ArgumentKind = "text" | "number" | "date" | "plural" | "select" | "tag";
// The parser's element types; literals (0) and plural's # (7) name no argument.
const KIND_BY_TYPE: Record<number, ArgumentKind> = {
  1: "text",
  2: "number",
  3: "date",
  4: "date",
  5: "select",
  6: "plural",
  8: "tag",
};
type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }>; children?: Element[] };

/** Every argument and tag a message uses, nested ones included, with its kind and (select, plural) option keys. */
export function messageArguments(
  message: string,
  locale: string,
): Map<string, { kind: ArgumentKind; options: string[] }> {
  const found = new Map<string, { kind: ArgumentKind; options: string[] }>();
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      const kind = KIND_BY_TYPE[el.type];
      if (kind && el.value) found.set(el.value, { kind, options: Object.keys(el.options ?? {}) });
      for (const option of Object.values(el.options ?? {})) walk(option.value);
      if (el.children) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return found;
}
