import { describe, expect, it } from "vitest";
import { formatWhen } from "./format";

describe("formatWhen", () => {
  it("writes what Date#toLocaleString wrote before the formatter was shared", () => {
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2040, 0, 1); t += 7 * 86_400_000 + 3_600_123) {
      const date = new Date(t);
      expect(formatWhen(date)).toBe(date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC");
    }
    expect(formatWhen(new Date("2026-03-05T14:07:00Z"))).toBe("5 Mar 2026, 14:07 UTC");
    expect(formatWhen(null)).toBe("—");
  });
});
