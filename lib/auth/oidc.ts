import "server-only";
import { customFetch } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { isLoopbackUrl, type Env } from "@/lib/env";

export class InsecureIdentityProviderRequest extends Error {
  override name = "InsecureIdentityProviderRequest";
}

/**
 * Every request the portal makes to the identity provider (discovery, token, userinfo). Auth.js
 * (@auth/core 0.41) passes oauth4webapi's `allowInsecureRequests` on all of them, so oauth4webapi
 * would accept plain http anywhere, and the ID token from the token endpoint is trusted on the
 * strength of TLS alone (its signature is not checked). This puts the portal's rule back for the
 * issuer and for every endpoint its discovery document names: https, plain http only on loopback
 * (the local sandbox identity provider).
 */
export const identityProviderFetch: typeof fetch = (input, init) => {
  const href = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
  const url = new URL(href);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url.href))) {
    return Promise.reject(
      new InsecureIdentityProviderRequest(`refusing a non-https request to the identity provider (${url.origin})`),
    );
  }
  return fetch(input, init);
};

/** "Sign in with single sign-on": the OIDC provider of the Auth.js configuration, when configured. */
export function oidcProvider(e: Env): OIDCConfig<Record<string, unknown>> | undefined {
  if (!e.oidcConfigured) return undefined;
  return {
    id: "oidc",
    name: "Single sign-on",
    type: "oidc",
    issuer: e.AUTH_OIDC_ISSUER,
    clientId: e.AUTH_OIDC_CLIENT_ID,
    clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
    // Auth.js would check PKCE alone; state and nonce as well (the ID token must carry our nonce).
    checks: ["pkce", "state", "nonce"],
    [customFetch]: identityProviderFetch,
  };
}
