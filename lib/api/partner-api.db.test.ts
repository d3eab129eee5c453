import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { apiKeys, auditEvents, connectionCredentials, connections } from "@/db/schema";
import { flushKeyUse } from "@/lib/api-keys/last-used";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/store";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { pliantFetch } from "@/lib/connections/pliant/token";
import { ACTIVATE_AUTHORIZATION_PATH, authorizationPath } from "@/lib/providers/pliant/config";
import { sealSecret } from "@/lib/vault";
import { API_CLIENT_TYPES_PATH, renderApiClientTypes } from "@/examples/partner-api-client/generate";
import { partnerApiClient } from "@/examples/partner-api-client/client";
import { PLEO_COMPANIES, PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { SOCKET_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { apiFetch } from "@/test/api-dispatch";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { provisionTestDatabases } from "@/test/provision";
import { useSandbox } from "@/test/sandbox";

// This file gets a database of its own: it uses the shared Pliant token row, which the Pliant
// token tests (another file, running in parallel) reset and count.
const sandbox = useSandbox();
let dropDatabase: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const provisioned = await provisionTestDatabases(1);
  dropDatabase = provisioned.cleanup;
  process.env.DATABASE_URL = provisioned.urls[0];
  await migrateDatabase(provisioned.urls[0]!);
});
afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
});

const ALL: ApiKeyScope[] = ["connections:read", "tokens:issue", "proxy"];
let address = 0;
/** A request with a key, from its own address (so throttling of one test never touches another). */
function call(method: string, path: string, key?: string, init: RequestInit & { from?: string } = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  headers.set(SOCKET_ADDRESS_HEADER, init.from ?? `10.0.0.${++address % 250}`);
  return apiFetch(path, { ...init, method, headers });
}
const body = async (r: Response) => (await r.json()) as Record<string, unknown>;
const refreshes = async () => (await sandbox.pleo.counters())["pleo.token"]?.byGrant?.refresh_token ?? 0;

let wsA: Awaited<ReturnType<typeof createWorkspace>>;
let wsB: Awaited<ReturnType<typeof createWorkspace>>;
let pleoA: string;
let pleoB: string;
let pliantA: string;
let everything: string;

beforeAll(async () => {
  wsA = await createWorkspace();
  wsB = await createWorkspace();
  pleoA = (await createPleoConnection(sandbox.pleo, wsA.workspace.id, { companyId: PLEO_COMPANIES[0]!.id })).connection
    .id;
  pleoB = (await createPleoConnection(sandbox.pleo, wsB.workspace.id, { companyId: PLEO_COMPANIES[2]!.id })).connection
    .id;
  // An organization authorized in the sandbox (its Authorize + our Activate), linked to workspace A.
  const org = PLIANT_ORGANIZATIONS[0]!.id;
  await sandbox.pliant.post("authorizations/start", { organizationId: org });
  await (await pliantFetch(authorizationPath(ACTIVATE_AUTHORIZATION_PATH, org), { method: "POST" })).body?.cancel();
  const [c] = await db()
    .insert(connections)
    .values({
      workspaceId: wsA.workspace.id,
      provider: "pliant",
      externalId: org,
      externalName: "Acme Cards",
      status: "active",
    })
    .returning();
  pliantA = c!.id;
  everything = (await createApiKey({ name: "all", scopes: ALL }, { userId: null, label: "test" })).key;
});

describe("keys", () => {
  it("wrong, malformed, revoked → 401 problem; wrong scope → 403; nothing else leaks", async () => {
    const wrong = everything.slice(0, -4) + "AAAA";
    for (const key of [undefined, "nope", wrong, `pcp_live_zzzzzzzz_${"a".repeat(43)}`]) {
      const r = await call("GET", "/api/v1/connections", key);
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect((await body(r)).type).toMatch(/\/problems\/unauthorized$/);
    }
    const readOnly = await createApiKey(
      { name: "read", scopes: ["connections:read"] },
      { userId: null, label: "test" },
    );
    expect((await call("GET", `/api/v1/connections/${pleoA}`, readOnly.key)).status).toBe(200);
    expect((await call("POST", `/api/v1/connections/${pleoA}/access-token`, readOnly.key)).status).toBe(403);
    expect((await call("GET", `/api/v1/connections/${pleoA}/proxy/v1/introspect`, readOnly.key)).status).toBe(403);
    expect(await revokeApiKey(readOnly.id)).toBe(true);
    expect((await call("GET", `/api/v1/connections/${pleoA}`, readOnly.key)).status).toBe(401);
  });

  it("failed attempts are throttled per address: the 20th failure and everything after → 429, other addresses unaffected", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await call("GET", "/api/v1/connections", "pcp_live_guessing", { from: "203.0.113.9" })).status);
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(19)).toEqual([429, 429]);
    const blocked = await call("GET", "/api/v1/connections", everything, { from: "203.0.113.9" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/connections", everything, { from: "203.0.113.10" })).status).toBe(200);
  });

  it("last used is written in a batch, not per request", async () => {
    const k = await createApiKey({ name: "usage", scopes: ALL }, { userId: null, label: "test" });
    for (let i = 0; i < 5; i++) await call("GET", "/api/v1/connections?limit=1", k.key);
    const before = await db().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, k.id));
    expect(before[0]!.at).toBeNull();
    await flushKeyUse();
    const after = await db().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, k.id));
    expect(after[0]!.at).toBeInstanceOf(Date);
  });

  it("a key limited to a workspace sees only it: another workspace's connection is 404 on every endpoint (never 403)", async () => {
    const limited = (
      await createApiKey(
        { name: "A only", scopes: ALL, workspace: wsA.workspace.name },
        { userId: null, label: "test" },
      )
    ).key;
    const page = await body(await call("GET", "/api/v1/connections?limit=200", limited));
    const ids = (page.data as { id: string; workspace: { id: string } }[]).map((c) => c.id);
    expect(ids).toContain(pleoA);
    expect(ids).not.toContain(pleoB);
    expect((await call("GET", `/api/v1/connections?workspace=${wsB.workspace.id}`, limited).then(body)).data).toEqual(
      [],
    );
    expect((await call("GET", `/api/v1/connections/${pleoB}`, limited)).status).toBe(404);
    expect((await call("POST", `/api/v1/connections/${pleoB}/access-token`, limited)).status).toBe(404);
    expect((await call("GET", `/api/v1/connections/${pleoB}/proxy/v1/introspect`, limited)).status).toBe(404);
    expect((await call("POST", `/api/v1/connections/${pleoA}/access-token`, limited)).status).toBe(200);
  });
});

describe("connections", () => {
  it("list: filters, and keyset pages of 1 walk every connection once", async () => {
    const all = await body(await call("GET", "/api/v1/connections?limit=200", everything));
    const total = (all.data as unknown[]).length;
    expect(total).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await body(
        await call("GET", `/api/v1/connections?limit=1${cursor ? `&cursor=${cursor}` : ""}`, everything),
      );
      seen.push(...(page.data as { id: string }[]).map((c) => c.id));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual((all.data as { id: string }[]).map((c) => c.id));
    const pliantOnly = await body(await call("GET", "/api/v1/connections?provider=pliant", everything));
    expect((pliantOnly.data as { provider: string }[]).every((c) => c.provider === "pliant")).toBe(true);
    for (const bad of [
      "limit=0",
      "limit=201",
      "provider=x",
      "status=gone",
      "cursor=abc",
      "workspace=1",
      "extra=1",
      "limit=1&limit=2",
    ]) {
      const r = await call("GET", `/api/v1/connections?${bad}`, everything);
      expect(r.status, bad).toBe(400);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("get: the connection's facts, no token anywhere", async () => {
    const r = await call("GET", `/api/v1/connections/${pleoA}`, everything);
    const c = await body(r);
    expect(c).toMatchObject({
      id: pleoA,
      provider: "pleo",
      status: "active",
      workspace: { id: wsA.workspace.id, name: wsA.workspace.name },
    });
    expect(JSON.stringify(c)).not.toMatch(/token/i);
    expect((await call("GET", "/api/v1/connections/not-a-uuid", everything)).status).toBe(400);
    expect((await call("GET", "/api/v1/connections/00000000-0000-4000-8000-000000000000", everything)).status).toBe(
      404,
    );
  });
});

describe("access tokens", () => {
  it("Pleo: the connection's token and expiry, audited with the key's name; 20 concurrent calls on an expired token → exactly 1 refresh", async () => {
    const r = await call("POST", `/api/v1/connections/${pleoA}/access-token`, everything);
    expect(r.status).toBe(200);
    const t = await body(r);
    expect(t).toMatchObject({ tokenType: "Bearer", provider: "pleo", apiBaseUrl: sandbox.urls.pleo });
    expect(Date.parse(t.expiresAt as string)).toBeGreaterThan(Date.now());
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.connectionId, pleoA), eq(auditEvents.action, "token.issued_via_api")));
    expect(audit.at(-1)!.actorLabel).toMatch(/^api-key all \(pcp_live_/);
    expect(JSON.stringify(audit)).not.toContain(t.accessToken as string);

    await db()
      .update(connectionCredentials)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(connectionCredentials.connectionId, pleoA));
    const before = await refreshes();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("POST", `/api/v1/connections/${pleoA}/access-token`, everything).then(body),
      ),
    );
    expect(await refreshes()).toBe(before + 1);
    expect(new Set(answers.map((a) => a.accessToken)).size).toBe(1);
    expect(answers[0]!.accessToken).not.toBe(t.accessToken);
  });

  it("Pliant: the shared partner token with the organization id", async () => {
    const t = await body(await call("POST", `/api/v1/connections/${pliantA}/access-token`, everything));
    expect(t).toMatchObject({
      provider: "pliant",
      organizationId: PLIANT_ORGANIZATIONS[0]!.id,
      apiBaseUrl: `${sandbox.urls.pliant}/api`,
    });
    expect(t.accessToken).toEqual(expect.any(String));
  });

  it("provider down → 503 with Retry-After, tokens kept", async () => {
    await db()
      .update(connectionCredentials)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(connectionCredentials.connectionId, pleoB));
    await sandbox.pleo.fault({ endpoint: "pleo.token", status: 503, retryAfterSec: 0 });
    try {
      const r = await call("POST", `/api/v1/connections/${pleoB}/access-token`, everything);
      expect(r.status).toBe(503);
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await body(r)).type).toMatch(/provider-unavailable$/);
    } finally {
      await sandbox.pleo.clearFaults();
    }
    expect((await call("POST", `/api/v1/connections/${pleoB}/access-token`, everything)).status).toBe(200);
  });

  it("a dead grant → 409 needs_reauth with the reconnect URL; a revoked connection → 409 revoked", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, {
      expired: true,
      companyId: PLEO_COMPANIES[1]!.id,
    });
    await sandbox.pleo.post("grants/revoke", { subject: `urn:pleo:company:${PLEO_COMPANIES[1]!.id}` });
    const r = await call("POST", `/api/v1/connections/${connection.id}/access-token`, everything);
    expect(r.status).toBe(409);
    expect(await body(r)).toMatchObject({
      connectionStatus: "needs_reauth",
      reconnectUrl: `http://localhost:3000/connect/pleo?connection=${connection.id}`,
    });
    await db().update(connections).set({ status: "revoked" }).where(eq(connections.id, pliantA));
    try {
      const p = await body(await call("POST", `/api/v1/connections/${pliantA}/access-token`, everything));
      expect(p).toMatchObject({
        status: 409,
        connectionStatus: "revoked",
        reconnectUrl: `${sandbox.urls.pliant}/organizations/${PLIANT_ORGANIZATIONS[0]!.id}/integrations`,
      });
    } finally {
      await db().update(connections).set({ status: "active" }).where(eq(connections.id, pliantA));
    }
  });
});

describe("proxy", () => {
  beforeEach(() => sandbox.pleo.clearFaults());

  it("Pleo: forwards with the connection's token; safe headers only; a 401 refreshes once and retries once", async () => {
    const r = await call(
      "GET",
      `/api/v1/connections/${pleoA}/proxy/v1/expenses?limit=2&company_id=${PLEO_COMPANIES[0]!.id}`,
      everything,
      { headers: { cookie: "a=b", "accept-language": "da" } },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/json/);
    expect(((await body(r)).data as unknown[]).length).toBe(2);

    // The stored token dies early (Pleo would answer 401): one refresh, one retry, success.
    await db()
      .update(connectionCredentials)
      .set({
        accessToken: sealSecret("dead-token", {
          table: "connection_credentials",
          column: "access_token",
          rowId: pleoA,
        }),
      })
      .where(eq(connectionCredentials.connectionId, pleoA));
    const before = await refreshes();
    const retried = await call("GET", `/api/v1/connections/${pleoA}/proxy/v1/introspect`, everything);
    expect(retried.status).toBe(200);
    expect(await refreshes()).toBe(before + 1);
  });

  it("streams a request body through (POST relayed with the provider's status)", async () => {
    const r = await call("POST", `/api/v1/connections/${pleoA}/proxy/v1/expenses`, everything, {
      body: JSON.stringify({ x: 1 }),
      headers: { "content-type": "application/json" },
    });
    // The sandbox has no POST /v1/expenses: its 404/405 is relayed as is, not turned into ours.
    expect([404, 405]).toContain(r.status);
    const tooBig = await call("POST", `/api/v1/connections/${pleoA}/proxy/v1/expenses`, everything, {
      body: "x".repeat(1024 * 1024 + 1),
      headers: { "content-type": "text/plain" },
    });
    expect(tooBig.status).toBe(413);
  });

  it("Pliant: stays inside the connection's organization", async () => {
    const own = PLIANT_ORGANIZATIONS[0]!.id;
    const other = PLIANT_ORGANIZATIONS[1]!.id;
    const ok = await call("GET", `/api/v1/connections/${pliantA}/proxy/transactions?limit=3`, everything);
    expect(ok.status).toBe(200);
    expect(((await body(ok)).data as unknown[]).length).toBe(3);
    expect((await call("GET", `/api/v1/connections/${pliantA}/proxy/organizations/${own}`, everything)).status).toBe(
      200,
    );
    for (const path of [
      `transactions?organizationId=${other}`,
      `transactions?organizationId=${own}&organizationId=${other}`,
      `transactions?OrganizationId=${other}`,
      `organizations/${other}`,
      "organizations",
      `organizations/${other}/cards`,
    ]) {
      const r = await call("GET", `/api/v1/connections/${pliantA}/proxy/${path}`, everything);
      expect(r.status, path).toBe(400);
      expect((await body(r)).type).toMatch(/proxy-refused$/);
    }
  });

  it("a GET on a connection proxied before is relayed only while a fresh read still allows it", async () => {
    // The proxy may send a GET for a connection it has read before while it reads the row again
    // (lib/api/proxy.ts); whatever changed in between decides, as if it had waited.
    const introspects = async () => (await sandbox.pleo.counters())["pleo.api.introspect"]?.total ?? 0;
    const { workspace } = await createWorkspace();
    const id = (await createPleoConnection(sandbox.pleo, workspace.id, { companyId: PLEO_COMPANIES.at(-1)!.id }))
      .connection.id;
    const introspect = (key: string) => call("GET", `/api/v1/connections/${id}/proxy/v1/introspect`, key);
    expect((await introspect(everything)).status).toBe(200);
    // Revoked where this process could not see it (another instance, say): refused, nothing relayed.
    await db().update(connections).set({ status: "revoked" }).where(eq(connections.id, id));
    const refused = await introspect(everything);
    expect(refused.status).toBe(409);
    expect(await body(refused)).toMatchObject({ connectionStatus: "revoked" });
    // Active again and proxied again: a key limited to another workspace gets 404, and no call of
    // its reaches the provider, guessed or not.
    await db().update(connections).set({ status: "active" }).where(eq(connections.id, id));
    expect((await introspect(everything)).status).toBe(200);
    const otherWorkspaceKey = (
      await createApiKey(
        { name: "B only", scopes: ["proxy"], workspace: wsB.workspace.name },
        { userId: null, label: "test" },
      )
    ).key;
    const before = await introspects();
    expect((await introspect(otherWorkspaceKey)).status).toBe(404);
    expect(await introspects()).toBe(before);
    // Deleted: 404 from then on.
    await db().delete(connections).where(eq(connections.id, id));
    expect((await introspect(everything)).status).toBe(404);
  });

  it("path tricks that survive URL parsing are refused before any provider call", async () => {
    const before = (await sandbox.pleo.counters())["pleo.api.introspect"]?.total ?? 0;
    for (const path of [
      "v1%2F..%2Fadmin",
      "v1/%2e%2e%2fadmin",
      "v1%5cadmin",
      "%252e%252e/admin",
      "http:%2F%2Fevil.test/x",
      "v1/%00",
      "v1/a%2Fb",
      "v1//introspect",
    ]) {
      const r = await call("GET", `/api/v1/connections/${pleoA}/proxy/${path}`, everything);
      expect(r.status, path).toBe(400);
    }
    expect((await sandbox.pleo.counters())["pleo.api.introspect"]?.total ?? 0).toBe(before);
  });
});

describe("contract", () => {
  it("the typed client (generated from the OpenAPI document) lists and issues tokens", async () => {
    const api = partnerApiClient("http://localhost:3000", everything, apiFetch as typeof fetch);
    const page = await api.GET("/api/v1/connections", { params: { query: { provider: "pleo", limit: 10 } } });
    expect(page.data?.data.every((c) => c.provider === "pleo")).toBe(true);
    const token = await api.POST("/api/v1/connections/{id}/access-token", { params: { path: { id: pleoA } } });
    expect(token.data?.provider).toBe("pleo");
    const missing = await api.GET("/api/v1/connections/{id}", {
      params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(missing.error?.status).toBe(404);
  });

  it("the committed client types match the document (run `npm run api:client` when this fails)", async () => {
    expect(readFileSync(API_CLIENT_TYPES_PATH, "utf8")).toBe(await renderApiClientTypes());
  });
});
