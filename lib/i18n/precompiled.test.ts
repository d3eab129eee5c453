import compile from "icu-minify/compile";
import { IntlMessageFormat } from "intl-messageformat";
import formatRaw from "use-intl/format-message";
import formatPrecompiled from "use-intl/format-message/format-only";
import { _createCache, _createIntlFormatters } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { catalogLeaves, loadCatalog } from "@/test/catalog-files";
import { LOCALES } from "./locales";

// The production build parses the catalogs' ICU messages at build time (next.config.ts,
// experimental.messages.precompile; docs/decisions/087-precompiled-messages.md) and formats them with
// use-intl's format-only implementation; tests, emails and the worker format the raw strings. Every
// message of every language must read the same both ways, with every argument, tag, plural form
// and select branch exercised.

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }>; children?: Element[] };
type Kind = "text" | "number" | "date" | "plural" | "select" | "tag";
const KIND_BY_TYPE: Record<number, Kind> = {
  1: "text",
  2: "number",
  3: "date",
  4: "date",
  5: "select",
  6: "plural",
  8: "tag",
};

/** Each argument's kind, and a select's option keys. */
function argumentsOf(message: string, locale: string): Map<string, { kind: Kind; options: string[] }> {
  const found = new Map<string, { kind: Kind; options: string[] }>();
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

/** Values for every argument; `variant` picks the plural count and the select branch. */
function valuesFor(args: Map<string, { kind: Kind; options: string[] }>, variant: number) {
  const values: Record<string, unknown> = {};
  for (const [name, { kind, options }] of args) {
    values[name] = {
      text: `«${name}»`,
      number: 1234.5,
      date: new Date(Date.UTC(2026, 10, 24, 7, 30)),
      plural: [0, 1, 2, 5, 21][variant % 5],
      select: options[variant % options.length],
      tag: (chunks: unknown[]) => `<${name}>${chunks.join("")}</${name}>`,
    }[kind];
  }
  return values;
}

function options(locale: string) {
  const cache = _createCache();
  return { cache, formatters: _createIntlFormatters(cache), locale, timeZone: "Europe/Berlin" };
}

describe("precompiled messages read as the raw ones", () => {
  it.each(LOCALES)("%s: every message, every branch", (locale) => {
    let checked = 0;
    for (const [key, message] of catalogLeaves(loadCatalog(locale))) {
      const args = argumentsOf(message, locale);
      const variants = Math.max(1, ...[...args.values()].map((a) => (a.kind === "plural" ? 5 : a.options.length)));
      const compiled = compile(message);
      for (let variant = 0; variant < variants; variant++) {
        const values = valuesFor(args, variant);
        const raw = formatRaw(key, message, values as never, options(locale));
        const precompiled = formatPrecompiled(key, compiled, values as never, options(locale));
        expect(JSON.stringify(precompiled), `${locale}: ${key} (variant ${variant})`).toBe(JSON.stringify(raw));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
