import { describe, expect, it } from "vitest";
import { negotiateLocale, validTimeZone } from "./locales";

describe("negotiateLocale", () => {
  it.each([
    ["de", "de"],
    ["de-AT,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9", "en"],
    ["fi;q=1, sv;q=0.5, da;q=0.7", "da"],
    ["fr-CH, fr;q=0.9", "fr"],
    ["ja, zh;q=0.8", undefined],
    ["de;q=0, sv", "sv"],
    ["", undefined],
    [null, undefined],
  ])("%s → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe("validTimeZone", () => {
  it("accepts IANA names and refuses anything else", () => {
    expect(validTimeZone("Europe/Copenhagen")).toBe("Europe/Copenhagen");
    expect(validTimeZone("UTC")).toBe("UTC");
    expect(validTimeZone("Mars/Olympus")).toBeUndefined();
    expect(validTimeZone("Europe/Berlin; path=/")).toBeUndefined();
    expect(validTimeZone(undefined)).toBeUndefined();
  });
});
