import { formBody, jsonBody } from "../core/http";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import type { PliantState } from "./state";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const TOKEN_QUOTA = { perHour: 42, perDay: 100 } as const;

/** Auth0-style client-credentials endpoint with Pliant's token quota. */
export function tokenRoute(config: SandboxConfig, runtime: Runtime, state: PliantState): Route {
  return {
    method: "POST",
    path: "/oauth/token",
    name: "pliant.token",
    handle: (ctx) => {
      // Auth0 takes JSON (what Pliant documents) and also form bodies.
      const raw = jsonBody(ctx.headers, ctx.body) ?? Object.fromEntries(formBody(ctx.headers, ctx.body) ?? []);
      const body = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === "string" ? body[k] : undefined);
      if (str("grant_type") === undefined || str("client_id") === undefined) {
        return json(400, { error: "invalid_request", error_description: "Missing required parameter: grant_type / client_id" });
      }
      if (str("grant_type") !== "client_credentials") {
        return json(403, { error: "unauthorized_client", error_description: "Grant type not allowed for the client." });
      }
      if (str("client_id") !== config.pliantClientId || str("client_secret") !== config.pliantClientSecret) {
        return json(401, { error: "access_denied", error_description: "Unauthorized" });
      }
      if (str("audience") !== config.pliantAudience) {
        return json(403, { error: "access_denied", error_description: `Service not found: ${str("audience") ?? ""}` });
      }
      const nowMs = runtime.clock.nowMs();
      const over = [
        { windowMs: HOUR_MS, limit: TOKEN_QUOTA.perHour },
        { windowMs: DAY_MS, limit: TOKEN_QUOTA.perDay },
      ].filter((w) => state.tokenIssues.countWithin(nowMs, w.windowMs) >= w.limit);
      if (over.length) {
        const retryAfter = Math.max(...over.map((w) => state.tokenIssues.retryAfterSec(nowMs, w.windowMs, w.limit)));
        return json(
          429,
          { error: "too_many_requests", error_description: "Token quota exceeded (42 per hour, 100 per day)." },
          { "retry-after": String(retryAfter) },
        );
      }
      state.tokenIssues.add(nowMs);
      const token = state.issueToken(runtime.clock.nowSec(), config.pliantTokenTtlSec);
      return json(
        200,
        { access_token: token, expires_in: config.pliantTokenTtlSec, token_type: "Bearer" },
        { "cache-control": "no-store" },
      );
    },
  };
}
