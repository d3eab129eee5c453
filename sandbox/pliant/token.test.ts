import { describe, expect, it } from "vitest";
import type { EndpointCounts } from "../core/counters";
import { call, D, pliantToken, useTestSandbox } from "../testkit";

const sb = useTestSandbox(["pliant"]);

const advance = (seconds: number) => call(sb.pliantUrl, "/__sandbox/clock", { advanceSeconds: seconds });

async function issue(n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await pliantToken(sb.pliantUrl)).status);
  return statuses;
}

describe("Pliant token endpoint", () => {
  it("issues a Bearer token with the configured TTL", async () => {
    const r = await pliantToken(sb.pliantUrl);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ expires_in: D.pliantTokenTtlSec, token_type: "Bearer" });
    expect(r.body.access_token).toBeTruthy();
  });

  it("wrong credentials → 401 access_denied; wrong audience → 403", async () => {
    const wrong = await pliantToken(sb.pliantUrl, { client_secret: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("access_denied");
    expect((await pliantToken(sb.pliantUrl, { client_id: "other" })).status).toBe(401);
    expect((await pliantToken(sb.pliantUrl, { audience: "api.getpliant.com/api/integration" })).status).toBe(403);
  });

  // Auth0 buckets reset at the start of each UTC hour and day; start each test just past midnight UTC.
  async function toStartOfUtcDay() {
    const now = Number((await call<{ now: number }>(sb.pliantUrl, "/__sandbox/clock")).body.now);
    await advance(86_400 - (now % 86_400) + 1);
  }
  const quotaOf = (headers: Headers) => headers.get("auth0-client-quota-limit");

  it("every token answer announces the quota: Auth0-Client-Quota-Limit with per_hour and per_day buckets", async () => {
    await toStartOfUtcDay();
    const r = await pliantToken(sb.pliantUrl);
    expect(quotaOf(r.headers)).toMatch(/^b=per_hour;q=42;r=41;t=(\d+),b=per_day;q=100;r=99;t=(\d+)$/);
    const [, hourT, dayT] = /t=(\d+).*t=(\d+)/.exec(quotaOf(r.headers)!)!.map(Number);
    expect(hourT).toBeGreaterThan(3590);
    expect(hourT).toBeLessThanOrEqual(3600);
    expect(dayT).toBeGreaterThan(86_390);
  });

  it("quota: exactly 42 tokens per UTC hour, then the published 429 without Retry-After, until the hour turns", async () => {
    await toStartOfUtcDay();
    const statuses = await issue(42);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const rejected = await pliantToken(sb.pliantUrl);
    expect(rejected.status).toBe(429);
    expect(rejected.body).toEqual({ error: "too_many_requests", error_description: "Client quota exceeded" });
    expect(rejected.headers.get("retry-after")).toBeNull();
    const header = quotaOf(rejected.headers)!;
    expect(header).toMatch(/^b=per_hour;q=42;r=0;t=\d+,b=per_day;q=100;r=58;t=\d+$/);
    const resetIn = Number(/t=(\d+)/.exec(header)![1]);

    await advance(resetIn - 60);
    expect((await pliantToken(sb.pliantUrl)).status).toBe(429);
    await advance(61);
    const next = await pliantToken(sb.pliantUrl);
    expect(next.status).toBe(200);
    expect(quotaOf(next.headers)).toMatch(/^b=per_hour;q=42;r=41;t=\d+,b=per_day;q=100;r=57;t=\d+$/);

    const counters = await call<Record<string, EndpointCounts>>(sb.pliantUrl, "/__sandbox/counters");
    expect(counters.body["pliant.token"]).toMatchObject({
      total: 45,
      byStatus: { "200": 43, "429": 2 },
      byError: { too_many_requests: 2 },
    });
  });

  it("quota: 100 tokens per UTC day across hours, then 429 until the day turns", async () => {
    await toStartOfUtcDay();
    let ok = 0;
    for (let hour = 0; hour < 3; hour++) {
      ok += (await issue(42)).filter((s) => s === 200).length;
      await advance(3600);
    }
    expect(ok).toBe(100);
    const r = await pliantToken(sb.pliantUrl);
    expect(r.status).toBe(429);
    expect(quotaOf(r.headers)).toMatch(/b=per_day;q=100;r=0;t=\d+$/);
    const dayReset = Number(/b=per_day;q=100;r=0;t=(\d+)/.exec(quotaOf(r.headers)!)![1]);
    expect(dayReset).toBeGreaterThan(20 * 3600);
    await advance(dayReset);
    expect((await pliantToken(sb.pliantUrl)).status).toBe(200);
  });
});
