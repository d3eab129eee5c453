import "server-only";
import { clientAddressOf } from "@/lib/auth/client-address";
import { apiKeyThrottleWaitMs, recordApiKeyFailure } from "@/lib/api-keys/throttle";
import { verifyApiKey, type ApiPrincipal } from "@/lib/api-keys/verify";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { problem } from "./problem";

const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;

/**
 * The calling key, or the problem to answer: 429 while the address is throttled, 401 for a
 * missing, malformed, unknown or revoked key (one answer for all, so it reveals nothing), 403 for
 * a live key without `scope`.
 */
export async function authenticate(
  request: Pick<Request, "headers">,
  scope: ApiKeyScope,
): Promise<ApiPrincipal | Response> {
  const address = clientAddressOf(request.headers);
  const waitMs = apiKeyThrottleWaitMs(address);
  if (waitMs > 0) return throttled(waitMs);
  const presented = BEARER.exec(request.headers.get("authorization") ?? "")?.[1];
  const principal = presented ? await verifyApiKey(presented) : undefined;
  if (!principal) {
    const wait = await recordApiKeyFailure(address);
    if (wait > 0) return throttled(wait);
    return problem("unauthorized", {
      detail: "Send a live API key as `Authorization: Bearer pcp_live_…`",
      headers: { "WWW-Authenticate": 'Bearer realm="partner-api"' },
    });
  }
  if (!principal.scopes.has(scope)) return problem("forbidden", { detail: `This call needs the scope ${scope}` });
  return principal;
}

function throttled(waitMs: number): Response {
  return problem("throttled", {
    detail: "Too many failed API key attempts from this address",
    headers: { "Retry-After": String(Math.ceil(waitMs / 1000)) },
  });
}
