import { describe, expect, it } from "vitest";
import type { EndpointCounts } from "./counters";
import type { RunningSandbox as Sandbox } from "../index";
import { call, pleoApi, pleoConnect, pliantToken, refreshWith, useTestSandbox, startTestSandbox } from "../testkit";

const sb = useTestSandbox(["pleo", "pliant"]);

const fault = (base: string, body: Record<string, unknown>) => call(base, "/__sandbox/faults", body);

describe("fault injection", () => {
  it("status: answers with the status and a plausible body without doing the work, `times` times", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    expect((await fault(sb.pleoUrl, { endpoint: "pleo.token", status: 503, times: 1 })).status).toBe(201);
    const r1 = await refreshWith(sb.pleoUrl, t.refresh_token);
    expect(r1.status).toBe(503);
    expect(r1.body.error).toBe("temporarily_unavailable");
    expect(r1.headers.get("retry-after")).toBe("1");
    // The work was not done: the same refresh token still rotates normally.
    expect((await refreshWith(sb.pleoUrl, t.refresh_token)).status).toBe(200);

    await fault(sb.pliantUrl, { endpoint: "pliant.token", status: 429, retryAfterSec: 30 });
    const p = await pliantToken(sb.pliantUrl);
    expect(p.status).toBe(429);
    expect(p.body.error).toBe("too_many_requests");
    expect(p.headers.get("retry-after")).toBe("30");
    await call(sb.pliantUrl, "/__sandbox/faults", undefined, "DELETE");
    expect((await pliantToken(sb.pliantUrl)).status).toBe(200);

    // Pliant publishes its 429s without Retry-After: an injected one has none unless asked for.
    await fault(sb.pliantUrl, {
      endpoint: "pliant.token",
      status: 429,
      times: 1,
      headers: { "auth0-client-quota-limit": "b=per_hour;q=42;r=0;t=600" },
    });
    const quota = await pliantToken(sb.pliantUrl);
    expect(quota.body).toEqual({ error: "too_many_requests", error_description: "Client quota exceeded" });
    expect(quota.headers.get("retry-after")).toBeNull();
    expect(quota.headers.get("auth0-client-quota-limit")).toBe("b=per_hour;q=42;r=0;t=600");

    const counters = await call<Record<string, EndpointCounts>>(sb.pleoUrl, "/__sandbox/counters");
    expect(counters.body["pleo.token"]).toMatchObject({ faulted: 1, byStatus: { "503": 1 } });
  });

  it("probability 0 never fires; unknown endpoint names are refused", async () => {
    await fault(sb.pleoUrl, { endpoint: "pleo.api.introspect", status: 500, probability: 0 });
    const t = await pleoConnect(sb.pleoUrl);
    expect((await pleoApi(sb.pleoUrl, "/v1/introspect", t.access_token)).status).toBe(200);
    const bad = await fault(sb.pleoUrl, { endpoint: "pleo.tokens", status: 500 });
    expect(bad.status).toBe(400);
    expect((await fault(sb.pleoUrl, { endpoint: "pleo.token", status: 200 })).status).toBe(400);
    expect((await fault(sb.pleoUrl, { endpoint: "pleo.token" })).status).toBe(400);
  });

  it("latencyMs delays, then proceeds", async () => {
    await fault(sb.pliantUrl, { endpoint: "pliant.token", latencyMs: 150, times: 1 });
    const started = Date.now();
    expect((await pliantToken(sb.pliantUrl)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("dropAfterCommit on pleo.token: the token rotates, the client gets a socket error, the old token is dead", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    await fault(sb.pleoUrl, { endpoint: "pleo.token", dropAfterCommit: true, times: 1 });
    await expect(refreshWith(sb.pleoUrl, t.refresh_token)).rejects.toThrow();
    const grants = await call<{ grants: { refreshCount: number; status: string }[] }>(sb.pleoUrl, "/__sandbox/grants");
    expect(grants.body.grants[0]?.refreshCount).toBe(1);
    // Retrying with the old token is a reuse: invalid_grant, and the grant is gone.
    const retry = await refreshWith(sb.pleoUrl, t.refresh_token);
    expect(retry.status).toBe(400);
    expect(retry.body.error).toBe("invalid_grant");
    const after = await call<{ grants: { status: string }[] }>(sb.pleoUrl, "/__sandbox/grants");
    expect(after.body.grants[0]?.status).toBe("revoked");
    const counters = await call<Record<string, EndpointCounts>>(sb.pleoUrl, "/__sandbox/counters");
    expect(counters.body["pleo.token"]?.byStatus.dropped).toBe(1);
  });

  it.each([
    [
      "a hang that never answers",
      async (own: Sandbox) => {
        await fault(own.pleoUrl, { endpoint: "pleo.api.introspect", hang: true });
        return fetch(`${own.pleoUrl}/v1/introspect`, { headers: { authorization: "Bearer x" } });
      },
    ],
    [
      "a long latency fault",
      async (own: Sandbox) => {
        await fault(own.pliantUrl, { endpoint: "pliant.token", latencyMs: 60_000 });
        return pliantToken(own.pliantUrl);
      },
    ],
  ])("close() ends promptly during %s, and the waiting request gets a socket error", async (_name, waitOnFault) => {
    const own = await startTestSandbox();
    const outcome = waitOnFault(own).then(
      () => "answered",
      () => "socket error",
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await outcome).toBe("socket error");
  });
});
