import { describe, expect, it } from "vitest";
import { nextQuotaReset, parseQuotaHeader, quotaExhaustedUntil, quotaView, toTokenQuota } from "./token-quota";

const PUBLISHED = "b=per_hour;q=42;r=42;t=3600,b=per_day;q=100;r=100;t=86400";

describe("Auth0-Client-Quota-Limit", () => {
  it("parses Pliant's published example into per_hour and per_day buckets", () => {
    expect(parseQuotaHeader(PUBLISHED)).toEqual({
      ok: true,
      buckets: [
        { name: "per_hour", limit: 42, remaining: 42, resetInSec: 3600 },
        { name: "per_day", limit: 100, remaining: 100, resetInSec: 86400 },
      ],
    });
  });

  it("tolerates spaces around fields and unknown extra keys", () => {
    const parsed = parseQuotaHeader(" b=per_hour; q=42 ;r=3;t=10;x=1 , b=per_day;q=100;r=50;t=20");
    expect(parsed.ok && parsed.buckets.map((b) => [b.name, b.remaining])).toEqual([
      ["per_hour", 3],
      ["per_day", 50],
    ]);
  });

  it.each([
    ["empty", ""],
    ["no key=value", "per_hour"],
    ["missing r", "b=per_hour;q=42;t=10"],
    ["negative", "b=per_hour;q=42;r=-1;t=10"],
    ["not a number", "b=per_hour;q=42;r=many;t=10"],
    ["decimal", "b=per_hour;q=42;r=1.5;t=10"],
    ["remaining above quota", "b=per_hour;q=42;r=43;t=10"],
    ["repeated field", "b=per_hour;q=42;r=1;r=2;t=10"],
    ["repeated bucket", "b=per_hour;q=42;r=1;t=10,b=per_hour;q=42;r=1;t=10"],
    ["bad bucket name", "b=PER HOUR;q=42;r=1;t=10"],
    ["one good, one broken bucket", "b=per_hour;q=42;r=1;t=10,b=per_day;q=100"],
    ["far too long", `b=per_hour;q=42;r=1;t=10,${"x".repeat(1_000)}`],
  ])("refuses a malformed header (%s) as a whole, with a reason", (_name, header) => {
    const parsed = parseQuotaHeader(header);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason.length).toBeGreaterThan(0);
  });

  it("an empty bucket blocks until it resets; the later reset wins when both are empty", () => {
    const now = Date.UTC(2026, 10, 23, 10, 30);
    const parse = (h: string) => {
      const p = parseQuotaHeader(h);
      if (!p.ok) throw new Error(p.reason);
      return toTokenQuota(p.buckets, now);
    };
    expect(quotaExhaustedUntil(parse("b=per_hour;q=42;r=1;t=1800,b=per_day;q=100;r=50;t=48600"), now)).toBeUndefined();
    expect(quotaExhaustedUntil(parse("b=per_hour;q=42;r=0;t=1800,b=per_day;q=100;r=50;t=48600"), now)).toBe(
      now + 1_800_000,
    );
    expect(quotaExhaustedUntil(parse("b=per_hour;q=42;r=0;t=1800,b=per_day;q=100;r=0;t=48600"), now)).toBe(
      now + 48_600_000,
    );
    // Once the reset has passed, an old "empty" no longer blocks.
    expect(quotaExhaustedUntil(parse("b=per_hour;q=42;r=0;t=1800"), now + 1_800_001)).toBeUndefined();
    expect(nextQuotaReset(parse("b=per_hour;q=42;r=5;t=1800,b=per_day;q=100;r=50;t=48600"), now)).toBe(now + 1_800_000);
    expect(quotaExhaustedUntil(null, now)).toBeUndefined();
  });

  it("shows used and remaining per bucket; a bucket past its reset counts as full again", () => {
    const now = Date.UTC(2026, 10, 23, 10, 30);
    const p = parseQuotaHeader("b=per_day;q=100;r=90;t=48600,b=per_hour;q=42;r=40;t=1800");
    if (!p.ok) throw new Error(p.reason);
    const quota = toTokenQuota(p.buckets, now);
    expect(quotaView(quota, now).map((b) => [b.label, b.used, b.remaining])).toEqual([
      ["This hour", 2, 40],
      ["Today", 10, 90],
    ]);
    expect(quotaView(quota, now + 1_800_000).map((b) => [b.name, b.used, b.resetSinceObserved])).toEqual([
      ["per_hour", 0, true],
      ["per_day", 10, false],
    ]);
  });
});
