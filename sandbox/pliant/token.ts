import { formBody, jsonBody } from "../core/http";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import type { PliantState } from "./state";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const TOKEN_QUOTA = { perHour: 42, perDay: 100 } as const;

/**
 * Auth0's fine-grained token quotas as Pliant publishes them: per_hour and per_day buckets that
 * reset at the start of each UTC hour and day (Auth0's rule), announced on every token answer in
 * `Auth0-Client-Quota-Limit`, and 429 `Client quota exceeded` without Retry-After when a bucket is empty.
 */
function quotaBuckets(state: PliantState, nowMs: number) {
  return [
    { name: "per_hour", limit: TOKEN_QUOTA.perHour, windowMs: HOUR_MS },
    { name: "per_day", limit: TOKEN_QUOTA.perDay, windowMs: DAY_MS },
  ].map((b) => {
    const start = Math.floor(nowMs / b.windowMs) * b.windowMs;
    const used = state.tokenIssues.countWithin(nowMs, nowMs - start + 1);
    return {
      ...b,
      remaining: Math.max(0, b.limit - used),
      resetInSec: Math.max(1, Math.ceil((start + b.windowMs - nowMs) / 1000)),
    };
  });
}

const quotaHeader = (buckets: ReturnType<typeof quotaBuckets>) => ({
  "auth0-client-quota-limit": buckets
    .map((b) => `b=${b.name};q=${b.limit};r=${b.remaining};t=${b.resetInSec}`)
    .join(","),
});

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
        return json(400, {
          error: "invalid_request",
          error_description: "Missing required parameter: grant_type / client_id",
        });
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
      const before = quotaBuckets(state, nowMs);
      if (before.some((b) => b.remaining === 0)) {
        return json(
          429,
          { error: "too_many_requests", error_description: "Client quota exceeded" },
          quotaHeader(before),
        );
      }
      state.tokenIssues.add(nowMs);
      const token = state.issueToken(runtime.clock.nowSec(), config.pliantTokenTtlSec);
      return json(
        200,
        { access_token: token, expires_in: config.pliantTokenTtlSec, token_type: "Bearer" },
        { "cache-control": "no-store", ...quotaHeader(quotaBuckets(state, nowMs)) },
      );
    },
  };
}
