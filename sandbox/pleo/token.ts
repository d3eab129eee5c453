import { createHash } from "node:crypto";
import { formBody } from "../core/http";
import { json, type Reply } from "../core/reply";
import type { Ctx, Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { authenticateClient, oauthError } from "./client-auth";
import type { Grant, PleoState } from "./state";

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

const invalidGrant = (description: string) => oauthError(400, "invalid_grant", description);

/** POST /oauth/token: authorization_code (PKCE) and rotating refresh_token grants. */
export function tokenRoute(config: SandboxConfig, runtime: Runtime, state: PleoState): Route {
  const now = () => runtime.clock.nowSec();

  function tokenReply(grant: Grant): Reply {
    const t = state.issueTokens(grant, now());
    return json(
      200,
      {
        access_token: t.accessToken,
        token_type: "Bearer",
        expires_in: config.pleoAccessTtlSec,
        refresh_token: t.refreshToken,
        scope: grant.scopes.join(" "),
      },
      { "cache-control": "no-store", pragma: "no-cache" },
    );
  }

  function authorizationCode(form: URLSearchParams, clientId: string): Reply {
    const code = form.get("code");
    const redirectUri = form.get("redirect_uri");
    const verifier = form.get("code_verifier");
    if (!code || !redirectUri || !verifier) {
      return oauthError(400, "invalid_request", "code, redirect_uri and code_verifier are required.");
    }
    const record = state.findCode(code);
    if (!record || record.clientId !== clientId) return invalidGrant("Unknown authorization code.");
    if (record.grantId) {
      // RFC 6749 §4.1.2: a replayed code may mean it was stolen; revoke what it produced.
      state.revokeGrant(record.grantId, "authorization code reused");
      return invalidGrant("Authorization code already used.");
    }
    if (record.expiresAt <= now()) return invalidGrant("Authorization code expired.");
    if (record.redirectUri !== redirectUri)
      return invalidGrant("redirect_uri does not match the authorization request.");
    if (!VERIFIER.test(verifier)) return invalidGrant("code_verifier must be 43-128 unreserved characters.");
    const challenge = createHash("sha256").update(verifier, "ascii").digest("base64url");
    if (challenge !== record.codeChallenge) return invalidGrant("code_verifier does not match the code_challenge.");
    return tokenReply(state.createGrant(record, now()));
  }

  function refreshToken(form: URLSearchParams, clientId: string): Reply {
    const value = form.get("refresh_token");
    if (!value) return oauthError(400, "invalid_request", "refresh_token is required.");
    const found = state.findRefresh(value);
    if (!found || found.grant.clientId !== clientId) return invalidGrant("Unknown refresh token.");
    const { token, grant } = found;
    if (token.state === "rotated") {
      // Reuse of a rotated token: treat as theft and kill the whole authorization.
      state.revokeGrant(grant.id, "rotated refresh token reused");
      return invalidGrant("Refresh token was already used; the authorization has been revoked.");
    }
    if (token.state !== "active" || grant.status !== "active") return invalidGrant("Refresh token revoked or expired.");
    if (now() - token.issuedAt > config.pleoRefreshIdleSec) {
      token.state = "expired";
      return invalidGrant("Refresh token expired after being unused too long.");
    }
    token.state = "rotated";
    grant.refreshCount += 1;
    grant.lastRefreshAt = now();
    return tokenReply(grant);
  }

  return {
    method: "POST",
    path: "/oauth/token",
    name: "pleo.token",
    grantOf: (ctx: Ctx) => formBody(ctx.headers, ctx.body)?.get("grant_type") ?? "none",
    handle: (ctx) => {
      const form = formBody(ctx.headers, ctx.body);
      if (!form) return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
      const auth = authenticateClient(ctx.headers, form, config);
      if (!auth.ok) return auth.reply;
      const grantType = form.get("grant_type");
      if (!grantType) return oauthError(400, "invalid_request", "grant_type is required.");
      if (grantType === "authorization_code") return authorizationCode(form, auth.clientId);
      if (grantType === "refresh_token") return refreshToken(form, auth.clientId);
      return oauthError(400, "unsupported_grant_type", `grant_type ${grantType} is not supported.`);
    },
  };
}
