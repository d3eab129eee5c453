import { describe, expect, it } from "vitest";
import {
  BRIGHTWATER_LTD,
  call,
  D,
  NORDLYS_AB,
  NORDLYS_APS,
  NORDLYS_GROUP,
  pleoApi,
  pleoConnect,
  refreshWith,
  useTestSandbox,
} from "../testkit";

const sb = useTestSandbox(["pleo"]);

const get = async <T>(path: string, token: string) => {
  const res = await pleoApi(sb.pleoUrl, path, token);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
};

describe("Pleo API", () => {
  it("GET /v1/introspect describes the token", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    const r = await get<{ data: Record<string, string> }>("/v1/introspect", t.access_token);
    expect(r.body.data).toEqual({
      authMethod: "oauth",
      clientId: D.pleoClientId,
      scope: "export-items:read expenses:read",
      applicationName: "Sandbox Partner App",
      subjectURN: `urn:pleo:company:${NORDLYS_APS}`,
    });
  });

  it("missing, unknown or expired access tokens → 401 invalid_token", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    expect((await fetch(`${sb.pleoUrl}/v1/introspect`)).status).toBe(401);
    const bad = await get<{ error: string }>("/v1/introspect", "nope");
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: "invalid_token" });
    await call(sb.pleoUrl, "/__sandbox/clock", { advanceSeconds: D.pleoAccessTtlSec });
    expect((await get("/v1/introspect", t.access_token)).status).toBe(401);
  });

  it("GET /v1/companies/{id}: own company 200, other company 403, unknown 404", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    const own = await get<{ data: Record<string, string> }>(`/v1/companies/${NORDLYS_APS}`, t.access_token);
    expect(own.status).toBe(200);
    // Pleo wraps single resources in `data`.
    expect(own.body.data).toMatchObject({ id: NORDLYS_APS, name: "Nordlys ApS", organizationId: NORDLYS_GROUP });
    expect((await get(`/v1/companies/${NORDLYS_AB}`, t.access_token)).status).toBe(403);
    expect((await get("/v1/companies/00000000-0000-4000-8000-000000000000", t.access_token)).status).toBe(404);
  });

  it("an organisation grant covers that organisation's companies only", async () => {
    const t = await pleoConnect(sb.pleoUrl, { company_id: "", organisation_id: NORDLYS_GROUP });
    expect((await get(`/v1/companies/${NORDLYS_APS}`, t.access_token)).status).toBe(200);
    expect((await get(`/v1/companies/${NORDLYS_AB}`, t.access_token)).status).toBe(200);
    expect((await get(`/v1/companies/${BRIGHTWATER_LTD}`, t.access_token)).status).toBe(403);
  });

  it("GET /v1/expenses pages deterministic demo data and needs an expenses scope", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    type Page = { data: { id: string; companyId: string }[]; pagination: { total: number; hasNextPage: boolean } };
    const p0 = await get<Page>(`/v1/expenses?company_id=${NORDLYS_APS}&limit=20&page=0`, t.access_token);
    expect(p0.status).toBe(200);
    expect(p0.body.data).toHaveLength(20);
    expect(p0.body.pagination).toMatchObject({ total: 45, hasNextPage: true });
    const p2 = await get<Page>(`/v1/expenses?company_id=${NORDLYS_APS}&limit=20&page=2`, t.access_token);
    expect(p2.body.data).toHaveLength(5);
    expect(p2.body.pagination.hasNextPage).toBe(false);
    const again = await get<Page>(`/v1/expenses?company_id=${NORDLYS_APS}&limit=20&page=0`, t.access_token);
    expect(again.body.data[0]?.id).toBe(p0.body.data[0]?.id);
    expect((await get(`/v1/expenses?company_id=${NORDLYS_AB}`, t.access_token)).status).toBe(403);

    const testOnly = await pleoConnect(sb.pleoUrl, { scope: "test:test" });
    const denied = await get<{ error: string }>(`/v1/expenses?company_id=${NORDLYS_APS}`, testOnly.access_token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe("insufficient_scope");
  });

  it("installations: the OAuth flow creates one AUTHORIZED; POST me:activate → ACTIVATED; PUT reports ERROR with an error code", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    type Inst = { status: string; errorCode?: string; resource: string };
    expect((await get<Inst>("/v1/installations/me", t.access_token)).body).toMatchObject({
      status: "AUTHORIZED",
      resource: `urn:pleo:company:${NORDLYS_APS}`,
    });
    const activated = await pleoApi(sb.pleoUrl, "/v1/installations/me:activate", t.access_token, "POST");
    expect(activated.status).toBe(200);
    expect(((await activated.json()) as Inst).status).toBe("ACTIVATED");
    const put = (body: unknown) =>
      fetch(`${sb.pleoUrl}/v1/installations/me`, {
        method: "PUT",
        headers: { authorization: `Bearer ${t.access_token}`, "content-type": "application/json;charset=UTF-8" },
        body: JSON.stringify(body),
      });
    expect((await put({ status: "BROKEN" })).status).toBe(400);
    expect((await put({ status: "ERROR", errorCode: "NOPE" })).status).toBe(400);
    const reported = await put({ status: "ERROR", errorCode: "AUTH_ERROR" });
    expect(reported.status).toBe(200);
    expect((await reported.json()) as Inst).toMatchObject({ status: "ERROR", errorCode: "AUTH_ERROR" });
    const list = await call<{ installations: { history: string[] }[] }>(sb.pleoUrl, "/__sandbox/installations");
    expect(list.body.installations[0]?.history).toEqual(["AUTHORIZED", "ACTIVATED", "ERROR:AUTH_ERROR"]);
  });

  it("DELETE /v1/installations/me → 204 and kills access and refresh tokens", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    const del = await pleoApi(sb.pleoUrl, "/v1/installations/me", t.access_token, "DELETE");
    expect(del.status).toBe(204);
    expect((await get("/v1/introspect", t.access_token)).status).toBe(401);
    const r = await refreshWith(sb.pleoUrl, t.refresh_token);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_grant");
  });

  it("a grant revoked through the control API → API 401 and refresh invalid_grant", async () => {
    const t = await pleoConnect(sb.pleoUrl);
    const other = await pleoConnect(sb.pleoUrl, { company_id: BRIGHTWATER_LTD });
    const r = await call<{ revoked: number }>(sb.pleoUrl, "/__sandbox/grants/revoke", {
      subject: `urn:pleo:company:${NORDLYS_APS}`,
    });
    expect(r.body.revoked).toBe(1);
    expect((await get("/v1/introspect", t.access_token)).status).toBe(401);
    expect((await refreshWith(sb.pleoUrl, t.refresh_token)).body.error).toBe("invalid_grant");
    expect((await get("/v1/introspect", other.access_token)).status).toBe(200);
    const grants = await call<{ grants: { id: string; status: string }[] }>(sb.pleoUrl, "/__sandbox/grants");
    expect(grants.body.grants.map((g) => g.status)).toEqual(["revoked", "active"]);
    expect(JSON.stringify(grants.body)).not.toContain(t.refresh_token);
    const byId = await call<{ revoked: number }>(sb.pleoUrl, "/__sandbox/grants/revoke", {
      grantId: grants.body.grants[1]?.id,
    });
    expect(byId.body.revoked).toBe(1);
    expect((await call(sb.pleoUrl, "/__sandbox/grants/revoke", {})).status).toBe(400);
  });
});
