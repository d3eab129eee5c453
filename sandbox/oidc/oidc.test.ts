import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEFAULTS, startOidcSandbox, type RunningOidcSandbox } from "../index";
import { pkce } from "../testkit";

const D = SANDBOX_DEFAULTS;
const REDIRECT = D.oidcRedirectUris[0];
let idp: RunningOidcSandbox;

beforeAll(async () => {
  idp = await startOidcSandbox({ oidcPort: 0, log: () => {} });
});
afterAll(() => idp?.close());

/** A browser in miniature: follows nothing by itself, keeps cookies by name. */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(url, idp.issuer), {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
}

async function discovery() {
  return (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown> & {
    authorization_endpoint: string;
    token_endpoint: string;
    jwks_uri: string;
  };
}

function authorizeUrl(
  meta: { authorization_endpoint: string },
  challenge: string | undefined,
  extra: Record<string, string> = {},
) {
  const url = new URL(meta.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: "code",
    client_id: D.oidcClientId,
    redirect_uri: REDIRECT,
    scope: "openid email profile",
    state: "st-1",
    nonce: "n-1",
    ...extra,
  };
  if (challenge) Object.assign(params, { code_challenge: challenge, code_challenge_method: "S256" });
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Authorize, sign in on the form, and return the redirect back to the client. */
async function signInAs(email: string, password = "sandbox") {
  const meta = await discovery();
  const p = pkce();
  const go = browser();
  let res = await go(authorizeUrl(meta, p.challenge));
  expect(res.status).toBe(303);
  const interaction = res.headers.get("location")!;
  expect(interaction).toMatch(/^\/interaction\//);
  res = await go(interaction);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('name="email"');
  res = await go(`${interaction}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (res.status === 200) return { meta, p, page: await res.text(), callback: undefined };
  // Back to the authorization endpoint, which now answers the client.
  while (res.status === 303 || res.status === 302) {
    const location = new URL(res.headers.get("location")!, idp.issuer);
    if (location.href.startsWith(REDIRECT)) return { meta, p, page: undefined, callback: location };
    res = await go(location.href);
  }
  throw new Error(`unexpected ${res.status}`);
}

async function exchange(
  meta: { token_endpoint: string },
  code: string,
  verifier: string,
  auth: "basic" | "post" = "basic",
) {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (auth === "basic")
    headers.authorization = `Basic ${Buffer.from(`${D.oidcClientId}:${D.oidcClientSecret}`).toString("base64")}`;
  else {
    body.set("client_id", D.oidcClientId);
    body.set("client_secret", D.oidcClientSecret);
  }
  const res = await fetch(meta.token_endpoint, { method: "POST", headers, body: body.toString() });
  return {
    status: res.status,
    body: (await res.json()) as { id_token?: string; access_token?: string; error?: string },
  };
}

describe("sandbox OIDC identity provider", () => {
  it("publishes discovery for its loopback issuer: code + PKCE S256, Basic and post client auth, RS256", async () => {
    const meta = await discovery();
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(meta.id_token_signing_alg_values_supported).toContain("RS256");
    expect(meta.userinfo_endpoint).toBeTruthy();
    const jwks = (await (await fetch(meta.jwks_uri)).json()) as { keys: { kty: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA" });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it("signs staff@partner.test in: a code for the client, an RS256 ID token with nonce, email and email_verified", async () => {
    const { meta, p, callback } = await signInAs("staff@partner.test");
    expect(callback!.searchParams.get("state")).toBe("st-1");
    expect(callback!.searchParams.get("iss")).toBe(idp.issuer);
    const token = await exchange(meta, callback!.searchParams.get("code")!, p.verifier);
    expect(token.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(
      token.body.id_token!,
      createRemoteJWKSet(new URL(meta.jwks_uri)),
      {
        issuer: idp.issuer,
        audience: D.oidcClientId,
      },
    );
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      sub: "sb-staff",
      email: "staff@partner.test",
      email_verified: true,
      nonce: "n-1",
      name: "Sam Staff",
    });
  });

  it("accepts client_secret_post too, and a code only once", async () => {
    const { meta, p, callback } = await signInAs("stranger@partner.test");
    const code = callback!.searchParams.get("code")!;
    const first = await exchange(meta, code, p.verifier, "post");
    expect(first.status).toBe(200);
    expect(JSON.parse(Buffer.from(first.body.id_token!.split(".")[1]!, "base64url").toString())).toMatchObject({
      email: "stranger@partner.test",
    });
    expect((await exchange(meta, code, p.verifier, "post")).body.error).toBe("invalid_grant");
  });

  it("says email_verified false for admin@globex.test", async () => {
    const { meta, p, callback } = await signInAs("admin@globex.test");
    const token = await exchange(meta, callback!.searchParams.get("code")!, p.verifier);
    expect(JSON.parse(Buffer.from(token.body.id_token!.split(".")[1]!, "base64url").toString())).toMatchObject({
      email_verified: false,
    });
  });

  it("omits email_verified for no-claim@idp.test, whose email is admin@acme.test", async () => {
    const { meta, p, callback } = await signInAs("no-claim@idp.test");
    const token = await exchange(meta, callback!.searchParams.get("code")!, p.verifier);
    const claims = JSON.parse(Buffer.from(token.body.id_token!.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ sub: "sb-acme-no-claim", email: "admin@acme.test" });
    expect("email_verified" in claims).toBe(false);
  });

  it("refuses a wrong verifier, a wrong secret, and an authorization request without PKCE", async () => {
    const { meta, callback } = await signInAs("staff@partner.test");
    const code = callback!.searchParams.get("code")!;
    expect((await exchange(meta, code, pkce().verifier)).body.error).toBe("invalid_grant");
    const wrongSecret = await fetch(meta.token_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${D.oidcClientId}:nope`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        code_verifier: "x".repeat(43),
      }).toString(),
    });
    expect(wrongSecret.status).toBe(401);
    const noPkce = await browser()(authorizeUrl(meta, undefined));
    const location = new URL(noPkce.headers.get("location")!);
    expect(location.href.startsWith(REDIRECT)).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("keeps the form on an unknown email or a wrong password, and sends nobody back", async () => {
    expect((await signInAs("nobody@partner.test")).page).toContain("Unknown email or wrong password.");
    expect((await signInAs("staff@partner.test", "wrong")).page).toContain("Unknown email or wrong password.");
  });

  it("never redirects to an unregistered redirect URI", async () => {
    const meta = await discovery();
    const res = await browser()(authorizeUrl(meta, pkce().challenge, { redirect_uri: "http://evil.test/cb" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });
});
