import { formBody } from "../core/http";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { authenticateClient, oauthError } from "./client-auth";
import { subjectUrn, type PleoState } from "./state";

/** POST /oauth/token/introspect (RFC 7662): Basic-authenticated; any dead token is just inactive. */
export function introspectRoute(config: SandboxConfig, runtime: Runtime, state: PleoState): Route {
  return {
    method: "POST",
    path: "/oauth/token/introspect",
    name: "pleo.introspect",
    handle: (ctx) => {
      const form = formBody(ctx.headers, ctx.body);
      if (!form) return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
      const auth = authenticateClient(ctx.headers, form, config);
      if (!auth.ok) return auth.reply;
      const value = form.get("token");
      if (!value) return oauthError(400, "invalid_request", "token is required.");
      const now = runtime.clock.nowSec();
      const inactive = json(200, { active: false }, { "cache-control": "no-store" });

      const access = state.findAccess(value);
      if (access) {
        const { token, grant } = access;
        if (grant.clientId !== auth.clientId || !state.accessActive(token, grant, now)) return inactive;
        return json(
          200,
          {
            active: true,
            sub: subjectUrn(grant.subject),
            exp: token.expiresAt,
            client_id: grant.clientId,
            scope: grant.scopes.join(" "),
            token_type: "access_token",
          },
          { "cache-control": "no-store" },
        );
      }
      const refresh = state.findRefresh(value);
      if (refresh) {
        const { token, grant } = refresh;
        const exp = token.issuedAt + config.pleoRefreshIdleSec;
        if (grant.clientId !== auth.clientId || token.state !== "active" || grant.status !== "active" || exp < now) {
          return inactive;
        }
        return json(
          200,
          {
            active: true,
            sub: subjectUrn(grant.subject),
            exp,
            client_id: grant.clientId,
            scope: grant.scopes.join(" "),
            token_type: "refresh_token",
          },
          { "cache-control": "no-store" },
        );
      }
      return inactive;
    },
  };
}
