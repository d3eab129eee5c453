import "server-only";
import { ConnectionUnusable } from "@/lib/connections/connection-unusable";
import type { ConnectionProvider } from "@/lib/connections/types";
import { ProviderNotConfigured, ProviderUnavailable, ReauthorizationRequired } from "@/lib/providers/errors";
import type { UsableConnection } from "./connections";
import { problem } from "./problem";

/** 409 for a connection the customer must reconnect first: its status and where to reconnect. */
export function connectionUnusable(c: UsableConnection, provider: ConnectionProvider, status = c.status): Response {
  return problem("connection-unusable", {
    detail: `This ${provider.label} connection is ${status.replace("_", " ")}; the customer must reconnect it`,
    connectionStatus: status,
    reconnectUrl: provider.reconnectUrl(c),
  });
}

/** Seconds to tell the caller to wait when the provider gave no better figure. */
const DEFAULT_RETRY_AFTER_S = 5;

/** Provider failures as problems; anything else is rethrown (a 500, logged by Next without details). */
export function providerProblem(error: unknown, c: UsableConnection, provider: ConnectionProvider): Response {
  if (error instanceof ReauthorizationRequired) return connectionUnusable(c, provider, "needs_reauth");
  if (error instanceof ConnectionUnusable) return connectionUnusable(c, provider, "needs_reauth");
  if (error instanceof ProviderUnavailable || error instanceof ProviderNotConfigured) {
    const seconds =
      error instanceof ProviderUnavailable && error.retryAfterMs
        ? Math.max(1, Math.ceil(error.retryAfterMs / 1000))
        : DEFAULT_RETRY_AFTER_S;
    return problem("provider-unavailable", {
      detail: `${provider.label} is unavailable right now; try again later`,
      headers: { "Retry-After": String(seconds) },
    });
  }
  throw error;
}
