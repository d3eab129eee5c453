import "server-only";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import * as oauth from "oauth4webapi";
import { env, isLoopbackUrl } from "@/lib/env";
import { ProviderNotConfigured } from "../errors";
import { OAUTH_ENDPOINTS, TOKEN_INTROSPECTION } from "./contract";

/** Every Pleo HTTP call gives up after this long; a hung provider must not hang a request. */
export const PLEO_TIMEOUT_MS = 10_000;

export type PleoServer = {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  clientAuth: oauth.ClientAuth;
  apiUrl: string;
  redirectUri: string;
  scopes: string;
  /** Options for oauth4webapi requests: timeout, and plain http only for the loopback sandbox. */
  requestOptions: () => oauth.TokenEndpointRequestOptions;
};

export function pleoServer(): PleoServer {
  const e = env();
  if (!e.PLEO_CLIENT_ID || !e.PLEO_CLIENT_SECRET) throw new ProviderNotConfigured("pleo");
  const insecure = isLoopbackUrl(e.PLEO_AUTH_URL) && e.PLEO_AUTH_URL.startsWith("http:");
  return {
    as: {
      issuer: e.PLEO_AUTH_URL,
      authorization_endpoint: `${e.PLEO_AUTH_URL}/${OAUTH_ENDPOINTS.value.authorize}`,
      token_endpoint: `${e.PLEO_AUTH_URL}/${OAUTH_ENDPOINTS.value.token}`,
      introspection_endpoint: `${e.PLEO_AUTH_URL}/${TOKEN_INTROSPECTION.value.path}`,
      code_challenge_methods_supported: [OAUTH_ENDPOINTS.value.pkce],
    },
    client: { client_id: e.PLEO_CLIENT_ID, token_endpoint_auth_method: OAUTH_ENDPOINTS.value.clientAuth },
    clientAuth: oauth.ClientSecretBasic(e.PLEO_CLIENT_SECRET),
    apiUrl: e.PLEO_API_URL,
    redirectUri: `${e.APP_URL}/connect/pleo/callback`,
    scopes: e.PLEO_SCOPES,
    requestOptions: () => ({
      signal: AbortSignal.timeout(PLEO_TIMEOUT_MS),
      [oauth.allowInsecureRequests]: insecure,
      // Timed like every provider call (portal_provider_request_duration_seconds).
      [oauth.customFetch]: (url, init) => timedProviderFetch("pleo", url, init),
    }),
  };
}
