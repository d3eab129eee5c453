import { describe, expect, it } from "vitest";
import type { LoggedRequest } from "./request-log";
import { call, pleoApi, pleoConnect, pliantToken, refreshWith, useTestSandbox } from "../testkit";

const sb = useTestSandbox();

describe("control API", () => {
  it("startSandbox on port 0 returns the actual 127.0.0.1 URLs", () => {
    expect(sb.pleoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.pliantUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.pleoUrl).not.toBe(sb.pliantUrl);
  });

  it("the clock advances and reset brings it back", async () => {
    const before = await call<{ now: number }>(sb.pleoUrl, "/__sandbox/clock");
    expect(Math.abs(before.body.now - Date.now() / 1000)).toBeLessThan(5);
    const moved = await call<{ now: number }>(sb.pleoUrl, "/__sandbox/clock", { advanceSeconds: 3600 });
    expect(moved.body.now - before.body.now).toBeGreaterThanOrEqual(3600);
    expect((await call(sb.pleoUrl, "/__sandbox/clock", { advanceSeconds: -1 })).status).toBe(400);
    // Each provider has its own clock.
    const pliant = await call<{ now: number }>(sb.pliantUrl, "/__sandbox/clock");
    expect(pliant.body.now - before.body.now).toBeLessThan(5);
    await call(sb.pleoUrl, "/__sandbox/reset", {});
    const after = await call<{ now: number }>(sb.pleoUrl, "/__sandbox/clock");
    expect(after.body.now - before.body.now).toBeLessThan(5);
  });

  it("the request log keeps method, path, endpoint and status but no secrets", async () => {
    await call(sb.pleoUrl, "/__sandbox/reset", {});
    const t = await pleoConnect(sb.pleoUrl);
    await refreshWith(sb.pleoUrl, t.refresh_token);
    await pleoApi(sb.pleoUrl, `/v1/expenses?company_id=x&access_token=${t.access_token}`, t.access_token);
    const r = await call<{ requests: LoggedRequest[] }>(sb.pleoUrl, "/__sandbox/requests");
    const dump = JSON.stringify(r.body);
    expect(dump).not.toContain(t.access_token);
    expect(dump).not.toContain(t.refresh_token);
    expect(dump).not.toContain("sandbox-pleo-secret");
    expect(r.body.requests.map((q) => [q.method, q.endpoint, q.status])).toEqual([
      ["POST", "pleo.token", 200],
      ["POST", "pleo.token", 200],
      ["GET", "pleo.expenses", 404],
    ]);
    expect(r.body.requests[2]?.path).toContain("access_token=REDACTED");
    expect(r.body.requests[0]?.auth).toBe("basic");
  });

  it("the request log is a ring buffer of 100", async () => {
    await call(sb.pliantUrl, "/__sandbox/reset", {});
    for (let i = 0; i < 105; i++)
      await fetch(`${sb.pliantUrl}/api/partner-management/signing/jwks.json`).then((x) => x.arrayBuffer());
    const r = await call<{ requests: LoggedRequest[] }>(sb.pliantUrl, "/__sandbox/requests");
    expect(r.body.requests).toHaveLength(100);
  });

  it("reset restores fresh state: grants, counters and faults cleared", async () => {
    await pleoConnect(sb.pleoUrl);
    await call(sb.pleoUrl, "/__sandbox/faults", { endpoint: "pleo.companies", status: 500 });
    await pliantToken(sb.pliantUrl);
    await call(sb.pliantUrl, "/__sandbox/authorizations/start", {
      organizationId: "6d868483-9043-4ce6-a8ce-a5814de90c0a",
    });
    await call(sb.pleoUrl, "/__sandbox/reset", {});
    await call(sb.pliantUrl, "/__sandbox/reset", {});
    expect((await call<{ grants: unknown[] }>(sb.pleoUrl, "/__sandbox/grants")).body.grants).toEqual([]);
    expect((await call<{ faults: unknown[] }>(sb.pleoUrl, "/__sandbox/faults")).body.faults).toEqual([]);
    expect((await call(sb.pleoUrl, "/__sandbox/counters")).body).toEqual({});
    const auths = await call<{ authorizations: { status: string }[] }>(sb.pliantUrl, "/__sandbox/authorizations");
    expect(auths.body.authorizations.every((a) => a.status === "not_connected")).toBe(true);
    expect(auths.body.authorizations).toHaveLength(3);
  });
});
