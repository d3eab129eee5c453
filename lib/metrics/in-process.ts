import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ProviderName } from "@/lib/providers/names";
import { pliantRateLimitStats } from "@/lib/providers/pliant/rate-limit";

/**
 * The Prometheus registry and the series this process counts in its memory: token refreshes,
 * provider request latency, Pliant's rate limit. Each web instance and each worker counts its own;
 * Prometheus sums the instances it scrapes, and a worker's own are not served (workers have no
 * HTTP server). No database: lib/providers times its calls here (provider-fetch.ts). The series
 * read from the database at scrape time are added by registry.ts, which GET /api/metrics uses.
 * Kept on globalThis: Next may load this module in more than one bundle of the same process.
 */
export type Metrics = {
  registry: Registry;
  tokenRefreshes: Counter<"provider" | "outcome">;
  providerRequestSeconds: Histogram<"provider" | "endpoint" | "status">;
};
const globalForMetrics = globalThis as unknown as { portalMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  // Pliant's API rate limit (900 requests / 5 min per IP, lib/providers/pliant/rate-limit.ts): per
  // process, since the limit is per IP and each instance backs off on its own.
  new Counter({
    name: "portal_pliant_rate_limited_total",
    help: "429 answers of Pliant's API rate limit met by this process.",
    registers,
    collect() {
      this.reset();
      this.inc(pliantRateLimitStats().rateLimited);
    },
  });
  new Counter({
    name: "portal_pliant_calls_held_back_total",
    help: "Pliant API calls this process did not make while cooling down after a 429.",
    registers,
    collect() {
      this.reset();
      this.inc(pliantRateLimitStats().refusedWhileCoolingDown);
    },
  });
  new Gauge({
    name: "portal_pliant_rate_limit_cooldown_seconds",
    help: "Seconds left before this process calls Pliant's API again (0 when not cooling down).",
    registers,
    collect() {
      const until = pliantRateLimitStats().coolingDownUntil;
      this.set(until ? Math.max(0, (until.getTime() - Date.now()) / 1000) : 0);
    },
  });

  return {
    registry,
    tokenRefreshes: new Counter({
      name: "portal_token_refreshes_total",
      help: "Token refreshes by provider and outcome, counted by this process.",
      labelNames: ["provider", "outcome"],
      registers,
    }),
    providerRequestSeconds: new Histogram({
      name: "portal_provider_request_duration_seconds",
      help: "Time to the response headers of provider HTTP calls made by this process.",
      labelNames: ["provider", "endpoint", "status"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

/** The registry with this process's own series (and the database's, once registry.ts added them). */
export function processMetrics(): Metrics {
  globalForMetrics.portalMetrics ??= create();
  return globalForMetrics.portalMetrics;
}

/** Refresh outcomes as a few label values: ok, unavailable, rate_limited, needs_reauth, other. */
export function countTokenRefresh(provider: ProviderName, outcome: string): void {
  const label = ["ok", "unavailable", "rate_limited"].includes(outcome)
    ? outcome
    : /invalid_grant|invalid_token|reuse/.test(outcome)
      ? "needs_reauth"
      : "other";
  processMetrics().tokenRefreshes.inc({ provider, outcome: label });
}
