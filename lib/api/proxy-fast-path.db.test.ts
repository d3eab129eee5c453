import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { SOCKET_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { createApiKey } from "@/lib/api-keys/store";
import { API_CONTENT_SECURITY_POLICY } from "@/lib/security/static-headers";
import { PLEO_COMPANIES } from "@/sandbox/index";
import { fastPathServer, proxyViaRoute } from "@/test/api-dispatch";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { provisionTestDatabases } from "@/test/provision";
import { useSandbox } from "@/test/sandbox";

// The partner proxy's fast path (lib/api/proxy-fast-path.ts) on a real HTTP server: what Next's
// pipeline would have added is there, and what is not a proxy call is left to Next.
const sandbox = useSandbox();
let dropDatabase: (() => Promise<void>) | undefined;
let base: string;
let key: string;
let connectionId: string;
let address = 0;

beforeAll(async () => {
  const provisioned = await provisionTestDatabases(1);
  dropDatabase = provisioned.cleanup;
  process.env.DATABASE_URL = provisioned.urls[0];
  await migrateDatabase(provisioned.urls[0]!);
  const { workspace } = await createWorkspace();
  connectionId = (await createPleoConnection(sandbox.pleo, workspace.id, { companyId: PLEO_COMPANIES[0]!.id }))
    .connection.id;
  key = (await createApiKey({ name: "fast path", scopes: ["proxy"] }, { userId: null, label: "test" })).key;
  base = await fastPathServer();
});
afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
});

const call = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  headers.set(SOCKET_ADDRESS_HEADER, `10.1.0.${++address % 250}`);
  return fetch(`${base}${path}`, { ...init, headers });
};
const proxied = (tail: string) => `/api/v1/connections/${connectionId}/proxy/${tail}`;

describe("the proxy's fast path", () => {
  it("relays the provider's answer with the headers Next would have added, and its own policy", async () => {
    const r = await call(proxied("v1/introspect"), { headers: { "x-request-id": "caller-req-0001" } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { subjectURN: string } }).data.subjectURN).toContain(PLEO_COMPANIES[0]!.id);
    expect(r.headers.get("x-request-id")).toBe("caller-req-0001");
    expect(r.headers.get("content-security-policy")).toBe(API_CONTENT_SECURITY_POLICY);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("cache-control")).toBe("no-store, no-transform");
    // The provider declared its length: passed on, so the answer is one write, not chunked.
    expect(Number(r.headers.get("content-length"))).toBeGreaterThan(0);
    expect(r.headers.get("content-encoding")).toBeNull();
  });

  it("the same call through Next's route (where the fast path is not installed) gets the same answer", async () => {
    const direct = await call(proxied("v1/introspect"));
    const viaRoute = await proxyViaRoute(
      new Request(`http://localhost:3000${proxied("v1/introspect")}`, {
        headers: { authorization: `Bearer ${key}`, [SOCKET_ADDRESS_HEADER]: "10.1.1.1" },
      }),
    );
    expect(viaRoute.status).toBe(direct.status);
    expect(await viaRoute.json()).toEqual(await direct.json());
  });

  it("an unacceptable request id is replaced by a new one", async () => {
    const r = await call(proxied("v1/introspect"), { headers: { "x-request-id": "bad id\twith tab" } });
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("HEAD relays the provider's status without a body", async () => {
    const r = await call(proxied("v1/introspect"), { method: "HEAD" });
    // The sandbox, like many APIs, routes no HEAD: its 405 is relayed, its body is not.
    expect(r.status).toBe(405);
    expect((await r.arrayBuffer()).byteLength).toBe(0);
  });

  it("a malformed percent-encoding is a 400 problem, not a crash", async () => {
    const r = await call(proxied("v1/%zz"));
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.headers.get("x-request-id")).toBeTruthy();
  });

  it("a bad key gets the API's 401 problem with the same headers", async () => {
    const r = await fetch(`${base}${proxied("v1/introspect")}`, {
      headers: { authorization: "Bearer pcp_live_nothing1_" + "x".repeat(43), [SOCKET_ADDRESS_HEADER]: "10.1.2.1" },
    });
    expect(r.status).toBe(401);
    expect(r.headers.get("content-security-policy")).toBe(API_CONTENT_SECURITY_POLICY);
  });

  it("leaves to Next what is not a proxy call, or not in canonical form", async () => {
    for (const [method, path] of [
      ["GET", `/api/v1/connections/${connectionId}`],
      ["POST", `/api/v1/connections/${connectionId}/access-token`],
      ["GET", "/dashboard"],
      ["PROPFIND", proxied("v1/introspect")],
      // URL parsing would change these (dot segments, backslashes): Next normalises, redirects or refuses them.
      ["GET", proxied("../../x")],
      ["GET", proxied("v1/./introspect")],
      ["GET", proxied("v1/\\..\\x")],
      ["GET", proxied("%2e%2e/x")],
    ] as const) {
      expect(await rawText(method, path), `${method} ${path}`).toBe("left to Next");
    }
  });
});

/** A request with its path sent exactly as written (fetch would normalise it first). */
function rawText(method: string, path: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method,
        headers: { authorization: `Bearer ${key}`, [SOCKET_ADDRESS_HEADER]: "10.1.3.1" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve(text));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
