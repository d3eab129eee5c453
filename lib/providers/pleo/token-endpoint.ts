import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { ProviderProtocolError, ProviderUnavailable, ReauthorizationRequired, isTransientStatus } from "../errors";
import { pleoServer } from "./config";

/** A token response as we keep it. Pleo rotates the refresh token on every use. */
export type PleoTokenSet = { accessToken: string; refreshToken: string; accessTokenExpiresAt: Date; scopes: string[] };

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
});

// Pleo's docs once call expires_in a "milli" lifetime; no access token lives a day, so a larger
// number can only be milliseconds. Reading it as seconds would keep a dead token for weeks.
const MAX_PLAUSIBLE_TTL_SECONDS = 24 * 60 * 60;

function toTokenSet(body: oauth.TokenEndpointResponse, requestedScopes: string, now = Date.now()): PleoTokenSet {
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) throw new ProviderProtocolError("pleo", "token response did not match the expected shape");
  const t = parsed.data;
  const ttlSeconds = t.expires_in > MAX_PLAUSIBLE_TTL_SECONDS ? t.expires_in / 1000 : t.expires_in;
  // Scopes come space-separated (sometimes '+'-joined in Pleo's examples).
  const scopes = (t.scope ?? requestedScopes).split(/[\s+]+/).filter(Boolean);
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessTokenExpiresAt: new Date(now + ttlSeconds * 1000),
    scopes,
  };
}

/** Turn any failure of a token request into one of our three provider errors. */
function classify(error: unknown): Error {
  // An `error` callback (e.g. access_denied) is the caller's to word.
  if (error instanceof oauth.AuthorizationResponseError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    if (error.error === "invalid_grant" || error.error === "invalid_token")
      return new ReauthorizationRequired("pleo", error.error);
    if (isTransientStatus(error.status)) return new ProviderUnavailable("pleo", `token endpoint ${error.status}`);
    return new ProviderProtocolError("pleo", `token endpoint refused: ${error.error}`);
  }
  if (error instanceof ProviderProtocolError) return error;
  if (error instanceof oauth.OperationProcessingError && error.cause instanceof Response) {
    const status = error.cause.status;
    if (isTransientStatus(status)) return new ProviderUnavailable("pleo", `token endpoint ${status}`);
    return new ProviderProtocolError("pleo", `token endpoint answered ${status}`);
  }
  if (error instanceof oauth.OperationProcessingError)
    return new ProviderProtocolError("pleo", error.code ?? "invalid response");
  // fetch failures, aborted timeouts, sockets closed before a response.
  if (
    error instanceof TypeError ||
    (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
  ) {
    return new ProviderUnavailable("pleo", error.name);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Exchange the code of a callback whose state the caller has already matched to a flow
 * (hence skipStateCheck here). An `error` callback throws AuthorizationResponseError.
 */
export async function exchangeAuthorizationCode(params: URLSearchParams, codeVerifier: string): Promise<PleoTokenSet> {
  const s = pleoServer();
  try {
    // Inside the try: a wrong `iss` (mix-up) or a malformed answer is a protocol error, not a crash.
    const callback = oauth.validateAuthResponse(s.as, s.client, params, oauth.skipStateCheck);
    const response = await oauth.authorizationCodeGrantRequest(
      s.as,
      s.client,
      s.clientAuth,
      callback,
      s.redirectUri,
      codeVerifier,
      s.requestOptions(),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(s.as, s.client, response), s.scopes);
  } catch (error) {
    throw classify(error);
  }
}

export async function refreshTokens(refreshToken: string): Promise<PleoTokenSet> {
  const s = pleoServer();
  try {
    const response = await oauth.refreshTokenGrantRequest(
      s.as,
      s.client,
      s.clientAuth,
      refreshToken,
      s.requestOptions(),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(s.as, s.client, response), s.scopes);
  } catch (error) {
    throw classify(error);
  }
}
