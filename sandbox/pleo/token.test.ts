import { describe, expect, it } from "vitest";
import type { EndpointCounts } from "../core/counters";
import {
  basic,
  call,
  D,
  pleoApi,
  pleoCode,
  pleoConnect,
  pleoToken,
  REDIRECT_URI,
  refreshWith,
  useTestSandbox,
} from "../testkit";

const sb = useTestSandbox(["pleo"]);

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}, auth: string | null = basic()) =>
  pleoToken(
    sb.pleoUrl,
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier, ...extra },
    auth,
  );
const advance = (seconds: number) => call(sb.pleoUrl, "/__sandbox/clock", { advanceSeconds: seconds });

describe("authorization_code grant", () => {
  it("returns Bearer tokens with expires_in and scope, not cached", async () => {
    const { code, verifier } = await pleoCode(sb.pleoUrl);
    const r = await exchange(code, verifier);
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.body).toMatchObject({
      token_type: "Bearer",
      expires_in: D.pleoAccessTtlSec,
      scope: "export-items:read expenses:read",
    });
    expect(r.body.access_token).toBeTruthy();
    expect(r.body.refresh_token).toBeTruthy();
  });

  it("accepts HTTP Basic only: secret in the body → 401 invalid_client", async () => {
    const { code, verifier } = await pleoCode(sb.pleoUrl);
    const post = await exchange(code, verifier, { client_id: D.pleoClientId, client_secret: D.pleoClientSecret }, null);
    expect(post.status).toBe(401);
    expect(post.body.error).toBe("invalid_client");
    const both = await exchange(code, verifier, { client_secret: D.pleoClientSecret });
    expect(both.body.error).toBe("invalid_client");
    const wrong = await exchange(code, verifier, {}, basic(D.pleoClientId, "wrong"));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    // The code survived the failed client authentications.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it("requires a form body and the parameters; rejects other grant types", async () => {
    const json = await fetch(`${sb.pleoUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "refresh_token", refresh_token: "x" }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
    expect((await pleoToken(sb.pleoUrl, { grant_type: "authorization_code" })).body.error).toBe("invalid_request");
    expect((await pleoToken(sb.pleoUrl, {})).body.error).toBe("invalid_request");
    expect((await pleoToken(sb.pleoUrl, { grant_type: "client_credentials" })).body.error).toBe(
      "unsupported_grant_type",
    );
    expect((await pleoToken(sb.pleoUrl, { grant_type: "refresh_token" })).body.error).toBe("invalid_request");
  });

  it("rejects a wrong or malformed code_verifier and a different redirect_uri with invalid_grant", async () => {
    const { code, verifier } = await pleoCode(sb.pleoUrl);
    const wrong = await exchange(code, `${verifier.slice(0, -1)}${verifier.endsWith("A") ? "B" : "A"}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
    expect((await exchange(code, "too-short")).body.error).toBe("invalid_grant");
    expect((await exchange(code, verifier, { redirect_uri: "http://localhost:3000/other" })).body.error).toBe(
      "invalid_grant",
    );
    expect((await exchange("not-a-code", verifier)).body.error).toBe("invalid_grant");
  });

  it("a reused code → invalid_grant, and the tokens it produced are revoked", async () => {
    const { code, verifier } = await pleoCode(sb.pleoUrl);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
    expect((await pleoApi(sb.pleoUrl, "/v1/introspect", first.body.access_token)).status).toBe(401);
    expect((await refreshWith(sb.pleoUrl, first.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("a code older than 60 s → invalid_grant", async () => {
    const { code, verifier } = await pleoCode(sb.pleoUrl);
    await advance(61);
    const r = await exchange(code, verifier);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_grant");
  });
});

describe("refresh_token grant", () => {
  it("rotates: new access and refresh token every time; the old refresh token is dead", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    const r1 = await refreshWith(sb.pleoUrl, t0.refresh_token);
    expect(r1.status).toBe(200);
    expect(r1.headers.get("cache-control")).toBe("no-store");
    expect(r1.body.refresh_token).not.toBe(t0.refresh_token);
    expect(r1.body.access_token).not.toBe(t0.access_token);
    const r2 = await refreshWith(sb.pleoUrl, r1.body.refresh_token);
    expect(r2.status).toBe(200);
    expect((await pleoApi(sb.pleoUrl, "/v1/introspect", r2.body.access_token)).status).toBe(200);
  });

  it("reusing a rotated refresh token → invalid_grant and revokes the whole authorization", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    const r1 = await refreshWith(sb.pleoUrl, t0.refresh_token);
    const reuse = await refreshWith(sb.pleoUrl, t0.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe("invalid_grant");
    expect((await refreshWith(sb.pleoUrl, r1.body.refresh_token)).body.error).toBe("invalid_grant");
    expect((await pleoApi(sb.pleoUrl, "/v1/introspect", r1.body.access_token)).status).toBe(401);
    const grants = await call<{ grants: { status: string; revokedReason: string }[] }>(sb.pleoUrl, "/__sandbox/grants");
    expect(grants.body.grants[0]).toMatchObject({ status: "revoked", revokedReason: "rotated refresh token reused" });
  });

  it("a refresh token unused for more than 60 days → invalid_grant; used within, it lives on", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    await advance(59 * 86_400);
    const r1 = await refreshWith(sb.pleoUrl, t0.refresh_token);
    expect(r1.status).toBe(200);
    await advance(60 * 86_400 + 1);
    const r2 = await refreshWith(sb.pleoUrl, r1.body.refresh_token);
    expect(r2.status).toBe(400);
    expect(r2.body.error).toBe("invalid_grant");
  });

  it("a refresh token expired through the control API → invalid_grant", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    const grants = await call<{ grants: { id: string; subject: string }[] }>(sb.pleoUrl, "/__sandbox/grants");
    const expired = await call<{ expired: number }>(sb.pleoUrl, "/__sandbox/grants/expire", {
      subject: grants.body.grants[0]?.subject,
    });
    expect(expired.body.expired).toBe(1);
    expect((await call<{ grants: { status: string }[] }>(sb.pleoUrl, "/__sandbox/grants")).body.grants[0]?.status).toBe(
      "refresh_expired",
    );
    expect((await refreshWith(sb.pleoUrl, t0.refresh_token)).body.error).toBe("invalid_grant");
  });
});

describe("token introspection and counters", () => {
  it("POST /oauth/token/introspect reports live tokens and not dead ones", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    const introspect = async (token: string, auth = basic()) => {
      const res = await fetch(`${sb.pleoUrl}/oauth/token/introspect`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }).toString(),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const live = await introspect(t0.access_token);
    expect(live.body).toMatchObject({ active: true, client_id: D.pleoClientId, token_type: "access_token" });
    expect(String(live.body.sub)).toMatch(/^urn:pleo:company:/);
    expect(typeof live.body.exp).toBe("number");
    expect((await introspect(t0.access_token, basic(D.pleoClientId, "x"))).status).toBe(401);
    await advance(D.pleoAccessTtlSec + 1);
    expect((await introspect(t0.access_token)).body).toEqual({ active: false });
    expect((await introspect("garbage")).body).toEqual({ active: false });
  });

  it("counts token calls per grant type and per error code", async () => {
    const t0 = await pleoConnect(sb.pleoUrl);
    await refreshWith(sb.pleoUrl, t0.refresh_token);
    await refreshWith(sb.pleoUrl, t0.refresh_token);
    const c = await call<Record<string, EndpointCounts>>(sb.pleoUrl, "/__sandbox/counters");
    expect(c.body["pleo.token"]).toMatchObject({
      total: 3,
      byGrant: { authorization_code: 1, refresh_token: 2 },
      byError: { invalid_grant: 1 },
      byStatus: { "200": 2, "400": 1 },
    });
  });
});
