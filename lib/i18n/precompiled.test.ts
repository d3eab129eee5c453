import compile from "icu-minify/compile";
import formatRaw from "use-intl/format-message";
import formatPrecompiled from "use-intl/format-message/format-only";
import { _createCache, _createIntlFormatters } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { catalogLeaves, loadCatalog, messageArguments, type ArgumentKind } from "@/test/catalog-files";
import { LOCALES } from "./locales";

// The production build parses the catalogs' ICU messages at build time (next.config.ts,
// experimental.messages.precompile; docs/decisions/087-precompiled-messages.md) and formats them with
// use-intl's format-only implementation; tests, emails and the worker format the raw strings. Every
// message of every language must read the same both ways, with every argument, tag, plural form
// and select branch exercised.

/** Values for every argument; `variant` picks the plural count and the select branch. */
function valuesFor(args: Map<string, { kind: ArgumentKind; options: string[] }>, variant: number) {
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
      const args = messageArguments(message, locale);
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
