import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ACME, call, D, GLOBEX, pliantApi, pliantToken, useTestSandbox } from "../testkit";

const sb = useTestSandbox(["pliant"]);

const integrations = (org: string, query = "") =>
  fetch(`${sb.pliantUrl}/organizations/${org}/integrations${query}`).then((r) => r.text());
const press = (org: string, button: "authorize" | "revoke") =>
  fetch(`${sb.pliantUrl}/organizations/${org}/integrations/${button}`, { method: "POST", redirect: "manual" });
const statusOf = async (org: string) => {
  const r = await call<{ authorizations: { organizationId: string; status: string }[] }>(
    sb.pliantUrl,
    "/__sandbox/authorizations",
  );
  return r.body.authorizations.find((a) => a.organizationId === org)?.status;
};

async function jwksKey() {
  const res = await fetch(`${sb.pliantUrl}/api/partner-management/signing/jwks.json`);
  expect(res.status).toBe(200);
  const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid: string; use: string; alg: string })[] };
  expect(keys).toHaveLength(1);
  const jwk = keys[0]!;
  expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: "sandbox-2026", use: "sig", alg: "EdDSA" });
  return createPublicKey({ key: jwk, format: "jwk" });
}

// v1a is "a versioned Base64-encoded Ed25519 signature": `v1a,<standard base64>`.
const verifies = (key: ReturnType<typeof createPublicKey>, t: string, partnerId: string, org: string, v1a: string) =>
  /^v1a,[A-Za-z0-9+/]{86}==$/.test(v1a) &&
  verify(null, Buffer.from(`${t}.${partnerId}.${org}`, "utf8"), key, Buffer.from(v1a.slice(4), "base64"));

describe("Pliant web app and signed redirects", () => {
  it("Authorize → pending and a 303 to the partner login URL with a signature the JWKS key verifies", async () => {
    expect(await integrations(ACME)).toContain("Not connected");
    const res = await press(ACME, "authorize");
    expect(res.status).toBe(303);
    const login = new URL(res.headers.get("location") ?? "");
    expect(`${login.origin}${login.pathname}`).toBe(D.pliantPartnerLoginUrl);
    const q = Object.fromEntries(login.searchParams);
    expect(q).toMatchObject({
      organizationId: ACME,
      partnerId: D.pliantPartnerId,
      redirectUrl: `${sb.pliantUrl}/organizations/${ACME}/integrations`,
    });
    expect(Math.abs(Number(q.t) - Date.now() / 1000)).toBeLessThan(5);
    expect(await statusOf(ACME)).toBe("pending");
    expect(await integrations(ACME)).toContain("Pending");

    const key = await jwksKey();
    expect(verifies(key, q.t ?? "", q.partnerId ?? "", ACME, q.v1a ?? "")).toBe(true);
    expect(verifies(key, q.t ?? "", q.partnerId ?? "", GLOBEX, q.v1a ?? "")).toBe(false);
    expect(verifies(key, String(Number(q.t) + 1), q.partnerId ?? "", ACME, q.v1a ?? "")).toBe(false);
  });

  it("POST /__sandbox/sign and /__sandbox/authorizations/start sign the same way", async () => {
    const key = await jwksKey();
    const s = await call<{ v1a: string; kid: string }>(sb.pliantUrl, "/__sandbox/sign", {
      t: 1767225600,
      partnerId: D.pliantPartnerId,
      organizationId: GLOBEX,
    });
    expect(s.body.kid).toBe("sandbox-2026");
    expect(verifies(key, "1767225600", D.pliantPartnerId, GLOBEX, s.body.v1a)).toBe(true);
    expect(verifies(key, "1767225600", D.pliantPartnerId, ACME, s.body.v1a)).toBe(false);

    const started = await call<{ loginUrl: string }>(sb.pliantUrl, "/__sandbox/authorizations/start", {
      organizationId: GLOBEX,
    });
    const q = new URL(started.body.loginUrl).searchParams;
    expect(verifies(key, q.get("t") ?? "", D.pliantPartnerId, GLOBEX, q.get("v1a") ?? "")).toBe(true);
    expect(await statusOf(GLOBEX)).toBe("pending");
  });

  it("status=success shows a waiting banner until the partner activates, then 'Integration connected'", async () => {
    await press(ACME, "authorize");
    expect(await integrations(ACME, "?status=success")).toContain("Waiting for the partner to activate");
    const token = (await pliantToken(sb.pliantUrl)).body.access_token;
    const act = await pliantApi(sb.pliantUrl, `/organizations/${ACME}/activate`, token, "POST");
    expect(act.status).toBe(200);
    const page = await integrations(ACME, "?status=success");
    expect(page).toContain("Integration connected");
    expect(page).toContain("Connected");
    expect(page).toContain(">Revoke</button>");
    expect(page).not.toContain(">Authorize</button>");
  });

  it("status=error while pending rolls the authorization back", async () => {
    await press(ACME, "authorize");
    const page = await integrations(ACME, "?status=error");
    expect(page).toContain("The partner reported an error; the authorization was rolled back");
    expect(await statusOf(ACME)).toBe("not_connected");
    expect(page).toContain(">Authorize</button>");
  });

  it("Revoke in the web app takes the partner's access away", async () => {
    await press(ACME, "authorize");
    const token = (await pliantToken(sb.pliantUrl)).body.access_token;
    await pliantApi(sb.pliantUrl, `/organizations/${ACME}/activate`, token, "POST");
    const res = await press(ACME, "revoke");
    expect(res.status).toBe(303);
    expect(await statusOf(ACME)).toBe("revoked");
    expect(await integrations(ACME)).toContain("Revoked");
    expect((await pliantApi(sb.pliantUrl, `/transactions?organizationId=${ACME}`, token)).status).toBe(403);
  });

  it("unknown organization → 404 page", async () => {
    const res = await fetch(`${sb.pliantUrl}/organizations/00000000-0000-4000-8000-000000000000/integrations`);
    expect(res.status).toBe(404);
  });
});
