import { describe, expect, it } from "vitest";
import { formatWhen, notAfter, relative } from "./format";

describe("formatWhen", () => {
  it("writes what Date#toLocaleString wrote before the formatter was shared", () => {
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2040, 0, 1); t += 7 * 86_400_000 + 3_600_123) {
      const date = new Date(t);
      expect(formatWhen(date)).toBe(
        date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC",
      );
    }
    expect(formatWhen(new Date("2026-03-05T14:07:00Z"))).toBe("5 Mar 2026, 14:07 UTC");
    expect(formatWhen(null)).toBe("—");
  });
});

describe("relative and notAfter", () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  it("never says 'in 0 min' for a moment just past or a few seconds ahead", () => {
    expect(relative(new Date(now - 10_000), now)).toBe("just now");
    expect(relative(new Date(now + 10_000), now)).toBe("just now");
    expect(relative(new Date(now - 5 * 60_000), now)).toBe("5 min ago");
    expect(relative(new Date(now + 8 * 60_000), now)).toBe("in 8 min");
    expect(relative(new Date(now - 3 * 86_400_000), now)).toBe("3 days ago");
  });
  it("notAfter clamps a past moment that reads as future to now", () => {
    expect(notAfter(new Date(now + 1500), now).getTime()).toBe(now);
    expect(notAfter(new Date(now - 1500), now).getTime()).toBe(now - 1500);
  });
});
