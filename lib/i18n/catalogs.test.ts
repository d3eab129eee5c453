import { readdirSync } from "node:fs";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogLeaves as leaves, loadCatalog as load, messageArguments } from "@/test/catalog-files";
import { LOCALES } from "./locales";

/** The arguments and tags a message uses: a translation must use the same ones. */
const argumentsOf = (message: string, locale: string) => [...messageArguments(message, locale).keys()].sort();

const english = leaves(load("en"));

describe("message catalogs", () => {
  it("has exactly one catalog per language", () => {
    expect(readdirSync(new URL("../../messages/", import.meta.url)).sort()).toEqual(
      LOCALES.map((l) => `${l}.json`).sort(),
    );
  });

  it.each(LOCALES.filter((l) => l !== "en"))(
    "%s has every English key, no other key, and the same arguments",
    (locale) => {
      const catalog = leaves(load(locale));
      expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, message] of english) {
        expect(argumentsOf(catalog.get(key)!, locale), `${locale}: ${key}`).toEqual(argumentsOf(message, "en"));
      }
    },
  );

  it.each(LOCALES)("%s: every message parses as ICU", (locale) => {
    for (const [key, message] of leaves(load(locale))) {
      expect(() => new IntlMessageFormat(message, locale), `${locale}: ${key}`).not.toThrow();
    }
  });

  it("says '1 connection' and '2 connections' (ICU plural), in every language", () => {
    for (const locale of LOCALES) {
      const message = leaves(load(locale)).get("staff.connectionCount")!;
      const one = new IntlMessageFormat(message, locale).format({ count: 1 }) as string;
      const two = new IntlMessageFormat(message, locale).format({ count: 2 }) as string;
      expect(one, locale).toMatch(/^1 /);
      expect(two, locale).toMatch(/^2 /);
      expect(one).not.toBe(two.replace("2", "1"));
    }
  });
});

describe("notices", () => {
  it("every notice code has its sentence in the English catalog (the others are held to English above)", async () => {
    const { NOTICES } = await import("@/lib/connections/notices");
    const missing = Object.keys(NOTICES).filter((code) => !english.has(`notices.${code}`));
    expect(missing).toEqual([]);
  });
});
