import { beforeEach, describe, expect, it } from "vitest";
import { ACME, call, D, GLOBEX, pliantApi, pliantToken, useTestSandbox } from "./testkit";

const sb = useTestSandbox(["pliant"]);
let token: string;
beforeEach(async () => {
  token = (await pliantToken(sb.pliantUrl)).body.access_token;
});

const api = async <T = { error?: string }>(path: string, method = "GET", version: string | null = D.pliantApiVersion) => {
  const res = await pliantApi(sb.pliantUrl, path, token, method, version);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
};
const activate = (org: string) => api(`/partner-management/organizations/${org}/authorization/activate`, "POST");
const deactivate = (org: string) => api(`/partner-management/organizations/${org}/authorization/deactivate`, "POST");
const start = (org: string) => call(sb.pliantUrl, "/__sandbox/authorizations/start", { organizationId: org });

describe("Pliant API guards", () => {
  it("missing Pliant-API-Version → 400", async () => {
    expect((await api("/organizations", "GET", null)).status).toBe(400);
  });

  it("bad or expired token → 401", async () => {
    const bad = await pliantApi(sb.pliantUrl, "/organizations", "nope");
    expect(bad.status).toBe(401);
    expect((await fetch(`${sb.pliantUrl}/api/organizations`, { headers: { "pliant-api-version": "2.1.0" } })).status).toBe(401);
    await call(sb.pliantUrl, "/__sandbox/clock", { advanceSeconds: D.pliantTokenTtlSec });
    expect((await api("/organizations")).status).toBe(401);
  });

  it("rate limit: 900 requests per 5 minutes per token → 429 with Retry-After", async () => {
    for (let i = 0; i < 900; i++) {
      const res = await pliantApi(sb.pliantUrl, "/organizations", token);
      if (res.status !== 200) throw new Error(`request ${i} got ${res.status}`);
      await res.arrayBuffer();
    }
    const limited = await api("/organizations");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await call(sb.pliantUrl, "/__sandbox/clock", { advanceSeconds: 301 });
    expect((await api("/organizations")).status).toBe(200);
  }, 120_000);
});

describe("authorization lifecycle", () => {
  it("activation before the customer started → 409; after start → ok; repeating is harmless", async () => {
    const early = await activate(ACME);
    expect(early.status).toBe(409);
    expect(early.body.error).toBeTruthy();
    await start(ACME);
    expect((await activate(ACME)).status).toBe(200);
    expect((await activate(ACME)).status).toBe(200);
    expect((await activate("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const states = await call<{ authorizations: { organizationId: string; status: string }[] }>(sb.pliantUrl, "/__sandbox/authorizations");
    expect(states.body.authorizations.find((a) => a.organizationId === ACME)?.status).toBe("active");
  });

  it("only active organizations are listed and readable", async () => {
    await start(ACME);
    await activate(ACME);
    await start(GLOBEX); // pending only
    const list = await api<{ data: { id: string; name: string; status: string }[] }>("/organizations?status=ACTIVE&limit=10&page=0");
    expect(list.body.data.map((o) => o.name)).toEqual(["Acme GmbH Cards"]);
    expect((await api(`/organizations/${ACME}`)).status).toBe(200);
    expect((await api(`/organizations/${GLOBEX}`)).status).toBe(403);
  });

  it("transactions for an active organization; 403 once it is revoked", async () => {
    await start(ACME);
    await activate(ACME);
    type Page = { data: { organizationId: string; createdAt: string }[] };
    const tx = await api<Page>(`/transactions?organizationId=${ACME}&limit=10&page=0&sortBy=createdAt&sortDirection=DESC`);
    expect(tx.status).toBe(200);
    expect(tx.body.data).toHaveLength(10);
    expect(tx.body.data.every((t) => t.organizationId === ACME)).toBe(true);
    expect(Date.parse(tx.body.data[0]?.createdAt ?? "") > Date.parse(tx.body.data[1]?.createdAt ?? "")).toBe(true);
    expect((await api(`/transactions?organizationId=${GLOBEX}`)).status).toBe(403);

    await call(sb.pliantUrl, "/__sandbox/authorizations/revoke", { organizationId: ACME });
    expect((await api(`/transactions?organizationId=${ACME}`)).status).toBe(403);
    expect((await api<{ data: unknown[] }>("/organizations")).body.data).toHaveLength(0);
  });

  it("deactivate revokes access and is harmless to repeat", async () => {
    await start(ACME);
    await activate(ACME);
    expect((await deactivate(ACME)).status).toBe(200);
    expect((await deactivate(ACME)).status).toBe(200);
    expect((await api(`/transactions?organizationId=${ACME}`)).status).toBe(403);
    expect((await activate(ACME)).status).toBe(409);
  });
});
