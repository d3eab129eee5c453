import type { SandboxConfig } from "../options";
import { findCompany, findOrganisation } from "./data";
import type { PleoState, PleoSubject } from "./state";

/** A validated authorization request (the parameters the consent page carries along). */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string;
}

export type AuthorizeCheck =
  | { kind: "ok"; request: AuthorizeRequest }
  /** RFC 6749 §4.1.2.1: with a bad client or redirect URI, never redirect; show an error page. */
  | { kind: "page"; message: string }
  | { kind: "redirect"; location: string; error: string };

export const CODE_TTL_SEC = 60;

/** `location` with the query parameters added (existing ones kept); undefined values are left out. */
export function withParams(location: string, params: Record<string, string | undefined>): string {
  const url = new URL(location);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Same checks for the browser page, the consent POST and the control shortcut, in RFC order:
 * client and redirect URI first (errors shown), then everything else (errors redirected).
 */
export function checkAuthorize(get: (name: string) => string | undefined, config: SandboxConfig): AuthorizeCheck {
  const clientId = get("client_id");
  if (!clientId || clientId !== config.pleoClientId) return { kind: "page", message: "Unknown client_id." };
  const redirectUri = get("redirect_uri");
  if (!redirectUri || !config.pleoRedirectUris.includes(redirectUri)) {
    return { kind: "page", message: "redirect_uri does not match a registered redirect URI for this client." };
  }
  const state = get("state") || undefined;
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: "redirect",
    error,
    location: withParams(redirectUri, { error, error_description: description, state }),
  });
  if (get("response_type") !== "code") return fail("unsupported_response_type", "response_type must be code.");
  const scopes = (get("scope") ?? "").split(" ").filter(Boolean);
  if (scopes.length === 0) return fail("invalid_scope", "scope is required.");
  const unknown = scopes.filter((s) => !config.pleoClientScopes.includes(s));
  if (unknown.length) return fail("invalid_scope", `Scope not allowed for this client: ${unknown.join(" ")}`);
  const codeChallenge = get("code_challenge");
  if (!codeChallenge) return fail("invalid_request", "code_challenge is required (PKCE).");
  if (get("code_challenge_method") !== "S256") return fail("invalid_request", "code_challenge_method must be S256.");
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return fail("invalid_request", "code_challenge must be a base64url SHA-256 (43 characters).");
  }
  return { kind: "ok", request: { clientId, redirectUri, scopes: [...new Set(scopes)], state, codeChallenge } };
}

/** Radio values on the consent page: `company:<uuid>` or `organisation:<uuid>`. */
export function parseSubject(value: string | undefined): PleoSubject | undefined {
  const m = /^(company|organisation):(.+)$/.exec(value ?? "");
  if (!m?.[1] || !m[2]) return undefined;
  if (m[1] === "company") return findCompany(m[2]) ? { kind: "company", id: m[2] } : undefined;
  return findOrganisation(m[2]) ? { kind: "organisation", id: m[2] } : undefined;
}

export function approve(state: PleoState, request: AuthorizeRequest, subject: PleoSubject, now: number): string {
  const code = state.issueCode({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    codeChallenge: request.codeChallenge,
    subject,
    expiresAt: now + CODE_TTL_SEC,
  });
  return withParams(request.redirectUri, { code, state: request.state });
}

export function deny(request: AuthorizeRequest): string {
  return withParams(request.redirectUri, {
    error: "access_denied",
    error_description: "The user denied the authorization request.",
    state: request.state,
  });
}
