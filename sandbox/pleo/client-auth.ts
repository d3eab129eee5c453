import type { IncomingHttpHeaders } from "node:http";
import { basicCredentials } from "../core/http";
import { json, type Reply } from "../core/reply";
import type { SandboxConfig } from "../options";

export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Reply {
  return json(status, { error, error_description: description }, { "cache-control": "no-store", ...headers });
}

function invalidClient(description: string): Reply {
  return oauthError(401, "invalid_client", description, { "www-authenticate": 'Basic realm="pleo-sandbox"' });
}

/**
 * Pleo accepts client_secret_basic only. Credentials in the body are refused even when they are
 * right, so a portal that sends them fails here instead of in production.
 */
export function authenticateClient(
  headers: IncomingHttpHeaders,
  form: URLSearchParams,
  config: SandboxConfig,
): { ok: true; clientId: string } | { ok: false; reply: Reply } {
  if (form.has("client_secret")) {
    return {
      ok: false,
      reply: invalidClient("Client authentication must use HTTP Basic; client_secret in the body is not accepted."),
    };
  }
  const basic = basicCredentials(headers);
  if (!basic) return { ok: false, reply: invalidClient("HTTP Basic client authentication is required.") };
  if (basic.id !== config.pleoClientId || basic.secret !== config.pleoClientSecret) {
    return { ok: false, reply: invalidClient("Unknown client or wrong client secret.") };
  }
  const bodyId = form.get("client_id");
  if (bodyId !== null && bodyId !== basic.id) {
    return { ok: false, reply: invalidClient("client_id in the body does not match the authenticated client.") };
  }
  return { ok: true, clientId: basic.id };
}
