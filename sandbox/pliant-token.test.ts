import { describe, expect, it } from "vitest";
import type { EndpointCounts } from "./core/counters";
import { call, D, pliantToken, useTestSandbox } from "./testkit";

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

  it("quota: exactly 42 tokens per rolling hour, then 429 with Retry-After", async () => {
    const statuses = await issue(43);
    expect(statuses.slice(0, 42).every((s) => s === 200)).toBe(true);
    const rejected = await pliantToken(sb.pliantUrl);
    expect(rejected.status).toBe(429);
    expect(rejected.body.error).toBe("too_many_requests");
    const retryAfter = Number(rejected.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(statuses[42]).toBe(429);

    await advance(1800);
    expect((await pliantToken(sb.pliantUrl)).status).toBe(429);
    await advance(retryAfter - 1800 + 1);
    expect((await pliantToken(sb.pliantUrl)).status).toBe(200);

    const counters = await call<Record<string, EndpointCounts>>(sb.pliantUrl, "/__sandbox/counters");
    expect(counters.body["pliant.token"]).toMatchObject({ total: 46, byStatus: { "200": 43, "429": 3 }, byError: { too_many_requests: 3 } });
  });

  it("quota: 100 tokens per rolling day across hours", async () => {
    let ok = 0;
    for (let hour = 0; hour < 3; hour++) {
      const statuses = await issue(42);
      ok += statuses.filter((s) => s === 200).length;
      await advance(3601);
    }
    expect(ok).toBe(100);
    const r = await pliantToken(sb.pliantUrl);
    expect(r.status).toBe(429);
    // The day window frees up ~24 h after the first token, minus the ~3 h already passed.
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(20 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(21 * 3600);
    await advance(retryAfter);
    expect((await pliantToken(sb.pliantUrl)).status).toBe(200);
  });
});
