import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import NextAuth, { customFetch } from "next-auth";
import { describe, expect, it } from "vitest";
import { startOidcSandbox } from "@/sandbox/index";
import { parseEnv } from "@/lib/env";
import { identityProviderFetch, InsecureIdentityProviderRequest, oidcProvider } from "./oidc";

const base = {
  NODE_ENV: "production",
  // The local mode: the sandbox identity provider below is on loopback.
  PORTAL_MODE: "local",
  DATABASE_URL: "postgres://u:p@db.example:5432/portal",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
};

describe("the single sign-on provider", () => {
  it("is there only when issuer, client id and secret are all set, with PKCE, state, nonce and the guarded fetch", () => {
    expect(
      oidcProvider(parseEnv({ ...base, AUTH_OIDC_ISSUER: "https://idp.example.com", AUTH_OIDC_CLIENT_ID: "portal" })),
    ).toBeUndefined();
    const provider = oidcProvider(
      parseEnv({
        ...base,
        AUTH_OIDC_ISSUER: "https://idp.example.com",
        AUTH_OIDC_CLIENT_ID: "portal",
        AUTH_OIDC_CLIENT_SECRET: "s",
      }),
    );
    expect(provider).toMatchObject({
      id: "oidc",
      name: "Single sign-on",
      type: "oidc",
      issuer: "https://idp.example.com",
      checks: ["pkce", "state", "nonce"],
    });
    expect(provider?.[customFetch]).toBe(identityProviderFetch);
  });

  it("the identity provider fetch refuses plain http off loopback before any request leaves", async () => {
    for (const url of [
      "http://idp.example.com/.well-known/openid-configuration",
      "http://10.0.0.5/token",
      "ftp://127.0.0.1/x",
      "http://127.0.0.1.nip.io/token",
    ]) {
      await expect(identityProviderFetch(url)).rejects.toBeInstanceOf(InsecureIdentityProviderRequest);
    }
    await expect(
      identityProviderFetch(new URL("http://idp.example.com/token"), { method: "POST" }),
    ).rejects.toBeInstanceOf(InsecureIdentityProviderRequest);
  });

  it("lets http through on loopback (the sandbox identity provider)", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await identityProviderFetch(`http://127.0.0.1:${port}/x`)).text()).toBe("ok");
      expect(await (await identityProviderFetch(`http://localhost:${port}/x`)).text()).toBe("ok");
    } finally {
      server.close();
    }
  });

  it("Auth.js uses it: signing in discovers the sandbox identity provider through it and asks for code + PKCE + state + nonce", async () => {
    const idp = await startOidcSandbox({ oidcPort: 0, log: () => {} });
    try {
      const provider = oidcProvider(
        parseEnv({
          ...base,
          AUTH_OIDC_ISSUER: idp.issuer,
          AUTH_OIDC_CLIENT_ID: "sandbox-portal",
          AUTH_OIDC_CLIENT_SECRET: "s",
        }),
      )!;
      const seen: string[] = [];
      const location = await startSignIn({ ...provider, [customFetch]: recording(seen, identityProviderFetch) });
      expect(location.origin + location.pathname).toBe(`${idp.issuer}/auth`);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        response_type: "code",
        client_id: "sandbox-portal",
        redirect_uri: `${APP}/callback/oidc`,
        code_challenge_method: "S256",
        scope: "openid profile email",
      });
      for (const p of ["code_challenge", "state", "nonce"]) expect(location.searchParams.get(p)).toBeTruthy();
      expect(seen).toEqual([`${idp.issuer}/.well-known/openid-configuration`]);
    } finally {
      await idp.close();
    }
  });

  it("Auth.js alone would talk plain http to any issuer; the guarded fetch stops it", async () => {
    const provider = oidcProvider(
      parseEnv({
        ...base,
        AUTH_OIDC_ISSUER: "https://idp.example.com",
        AUTH_OIDC_CLIENT_ID: "portal",
        AUTH_OIDC_CLIENT_SECRET: "s",
      }),
    )!;
    const insecure = { ...provider, issuer: "http://idp.example.com" };
    const discovery = {
      issuer: "http://idp.example.com",
      authorization_endpoint: "http://idp.example.com/auth",
      token_endpoint: "http://idp.example.com/token",
    };
    const seen: string[] = [];
    // A stand-in network that answers discovery: Auth.js follows an http issuer without complaint.
    const open = await startSignIn({
      ...insecure,
      [customFetch]: recording(seen, () => Promise.resolve(Response.json(discovery))),
    });
    expect(open.origin).toBe("http://idp.example.com");
    // With the portal's fetch nothing leaves, and the sign-in ends on the error page.
    const guarded = await startSignIn({ ...insecure, [customFetch]: identityProviderFetch });
    expect(guarded.href).toBe(`${APP}/error?error=Configuration`);
  });
});

const APP = "http://localhost:3000/api/auth";

function recording(seen: string[], inner: typeof fetch): typeof fetch {
  return (input, init) => {
    seen.push(input instanceof Request ? input.url : String(input));
    return inner(input, init);
  };
}

/** POST /api/auth/signin/<provider> through Auth.js (with its CSRF token), returning where it redirects. */
async function startSignIn(provider: NonNullable<ReturnType<typeof oidcProvider>>): Promise<URL> {
  const { handlers } = NextAuth({
    secret: base.AUTH_SECRET,
    trustHost: true,
    providers: [provider],
    logger: { error: () => {} },
  });
  const csrf = await handlers.GET(new Request(`${APP}/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await handlers.POST(
    new Request(`${APP}/signin/${provider.id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/dashboard" }).toString(),
    }) as never,
  );
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}
