import { beforeEach, describe, expect, it } from "vitest";
import { ACME, call, D, GLOBEX, pliantApi, pliantToken, useTestSandbox } from "../testkit";

const sb = useTestSandbox(["pliant"]);
let token: string;
beforeEach(async () => {
  token = (await pliantToken(sb.pliantUrl)).body.access_token;
});

const api = async <T = { error?: string }>(
  path: string,
  method = "GET",
  version: string | null = D.pliantApiVersion,
) => {
  const res = await pliantApi(sb.pliantUrl, path, token, method, version);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
};
const activate = (org: string) => api(`/organizations/${org}/activate`, "POST");
const deactivate = (org: string) => api(`/organizations/${org}/deactivate`, "POST");
const activateFrom = async (org: string, syncFromDate: unknown) => {
  const res = await fetch(`${sb.pliantUrl}/api/organizations/${org}/activate`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "pliant-api-version": D.pliantApiVersion,
      "content-type": "application/json",
    },
    body: JSON.stringify({ syncFromDate }),
  });
  return { status: res.status, body: (await res.json()) as { syncFromDate?: string | null; error?: string } };
};
type Authorizations = { authorizations: { organizationId: string; status: string; syncFromDate: string | null }[] };
const syncFromOf = async (org: string) =>
  (await call<Authorizations>(sb.pliantUrl, "/__sandbox/authorizations")).body.authorizations.find(
    (a) => a.organizationId === org,
  )?.syncFromDate;
const start = (org: string) => call(sb.pliantUrl, "/__sandbox/authorizations/start", { organizationId: org });

describe("Pliant API guards", () => {
  it("missing Pliant-API-Version → 400", async () => {
    expect((await api("/organizations", "GET", null)).status).toBe(400);
  });

  it("bad or expired token → 401", async () => {
    const bad = await pliantApi(sb.pliantUrl, "/organizations", "nope");
    expect(bad.status).toBe(401);
    expect(
      (await fetch(`${sb.pliantUrl}/api/organizations`, { headers: { "pliant-api-version": "2.1.0" } })).status,
    ).toBe(401);
    await call(sb.pliantUrl, "/__sandbox/clock", { advanceSeconds: D.pliantTokenTtlSec });
    expect((await api("/organizations")).status).toBe(401);
  });

  it("rate limit: 900 requests per 5 minutes per IP (across tokens) → the published 429 without Retry-After", async () => {
    const second = (await pliantToken(sb.pliantUrl)).body.access_token;
    for (let i = 0; i < 900; i++) {
      const res = await pliantApi(sb.pliantUrl, "/organizations", i % 2 ? token : second);
      if (res.status !== 200) throw new Error(`request ${i} got ${res.status}`);
      await res.arrayBuffer();
    }
    const limited = await api("/organizations");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(limited.body).toEqual({ error: "Sending more than 900 requests in 5 minutes is not allowed" });
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
    const states = await call<{ authorizations: { organizationId: string; status: string }[] }>(
      sb.pliantUrl,
      "/__sandbox/authorizations",
    );
    expect(states.body.authorizations.find((a) => a.organizationId === ACME)?.status).toBe("active");
  });

  it("only active organizations are listed and readable", async () => {
    await start(ACME);
    await activate(ACME);
    await start(GLOBEX); // pending only
    const list = await api<{ data: { organizationId: string; name: string; status: string }[] }>(
      "/organizations?status=ACTIVE&limit=10&page=0",
    );
    expect(list.body.data.map((o) => o.name)).toEqual(["Acme GmbH Cards"]);
    // Pliant names entity ids organizationId; the sandbox emits exactly that, no `id`.
    expect(list.body.data[0]).toMatchObject({ organizationId: ACME });
    expect(list.body.data[0]).not.toHaveProperty("id");
    expect((await api<{ organizationId: string }>(`/organizations/${ACME}`)).body.organizationId).toBe(ACME);
    expect((await api(`/organizations/${ACME}`)).status).toBe(200);
    expect((await api(`/organizations/${GLOBEX}`)).status).toBe(403);
  });

  it("transactions for an active organization; 403 once it is revoked", async () => {
    await start(ACME);
    await activate(ACME);
    type Page = { data: { organizationId: string; createdAt: string }[] };
    const tx = await api<Page>(
      `/transactions?organizationId=${ACME}&limit=10&page=0&sortBy=createdAt&sortDirection=DESC`,
    );
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

  it("only the published Activate path answers; the old guessed partner-management path is 404", async () => {
    await start(ACME);
    expect((await api(`/partner-management/organizations/${ACME}/authorization/activate`, "POST")).status).toBe(404);
    expect((await api(`/partner-management/organizations/${ACME}/authorization/deactivate`, "POST")).status).toBe(404);
    expect((await activate(ACME)).status).toBe(200);
  });

  it("syncFromDate: stored on activation, kept across a re-activation that sends none, a bad date → 400 and nothing changed", async () => {
    await start(ACME);
    expect((await activateFrom(ACME, "2026-13-45")).status).toBe(400);
    expect(await syncFromOf(ACME)).toBeNull();
    expect(
      await (async () =>
        (await call<Authorizations>(sb.pliantUrl, "/__sandbox/authorizations")).body.authorizations.find(
          (a) => a.organizationId === ACME,
        )?.status)(),
    ).toBe("pending");
    const first = await activateFrom(ACME, "2026-10-01");
    expect(first).toMatchObject({ status: 200, body: { syncFromDate: "2026-10-01" } });
    await deactivate(ACME);
    await start(ACME);
    expect((await activate(ACME)).status).toBe(200);
    expect(await syncFromOf(ACME)).toBe("2026-10-01");
  });
});
