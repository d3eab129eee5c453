import type { Fault } from "./faults";
import { json, type Reply } from "./reply";

/**
 * A plausible reply for an injected status: the error codes the real provider would use there,
 * so the portal's error handling sees what it will meet in production.
 */
export function faultReply(endpoint: string, fault: Fault & { status: number }): Reply {
  const status = fault.status;
  const headers: Record<string, string> = { ...fault.headers };
  if (status === 204) return { status, headers };
  // Pliant's published 429s (token quota, API rate limit) carry no Retry-After: only when asked.
  const pliant429 = status === 429 && endpoint.startsWith("pliant.");
  if ((status === 429 || status === 503) && !(pliant429 && fault.retryAfterSec === undefined))
    headers["retry-after"] = String(fault.retryAfterSec ?? 1);
  if (fault.body === undefined && pliant429) {
    return endpoint === "pliant.token"
      ? json(status, { error: "too_many_requests", error_description: "Client quota exceeded" }, headers)
      : json(status, { error: "Sending more than 900 requests in 5 minutes is not allowed" }, headers);
  }
  if (status === 401 && endpoint.startsWith("pleo.")) {
    const oauth = endpoint === "pleo.token" || endpoint === "pleo.introspect";
    headers["www-authenticate"] = oauth ? 'Basic realm="pleo-sandbox"' : 'Bearer error="invalid_token"';
  }
  if (fault.body !== undefined) return json(status, fault.body, headers);
  return json(
    status,
    { error: defaultError(endpoint, status), error_description: "Injected by sandbox fault" },
    headers,
  );
}

function defaultError(endpoint: string, status: number): string {
  const oauth = endpoint === "pleo.token" || endpoint === "pleo.introspect";
  switch (status) {
    case 400:
      return oauth ? "invalid_grant" : "bad_request";
    case 401:
      if (oauth) return "invalid_client";
      return endpoint === "pliant.token" ? "access_denied" : "invalid_token";
    case 403:
      return endpoint.startsWith("pleo.") ? "insufficient_scope" : "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 429:
      return "too_many_requests";
    case 503:
      return oauth ? "temporarily_unavailable" : "service_unavailable";
    default:
      return status >= 500 ? "server_error" : "error";
  }
}
