import { fact, summarize } from "../contract";

/**
 * What Pliant publishes (or what we had to assume), one constant per fact. Read on 2026-11-23.
 * docs/provider-contracts.md explains each; the staff dashboard lists the assumed ones.
 */
const CHANGELOG_2023_03 =
  "https://partner.getpliant.com/changelog/quality-of-life-improvements-ii (2023-03-07; read 2026-11-23)";
const SIGNED_REDIRECTS = "https://partner.getpliant.com/docs/copy-of-integration-started-from-pliant (read 2026-11-23)";
const AUTHENTICATED_USAGE = "https://partner.getpliant.com/docs/authenticated-api-usage (read 2026-11-23)";
const RATE_LIMITING = "https://partner.getpliant.com/docs/rate-limiting (read 2026-11-23)";
const ERROR_HANDLING = "https://customer-api.getpliant.com/docs/error-handling (read 2026-11-23)";

export const ACTIVATE_AUTHORIZATION = fact({
  value: { method: "POST", path: "organizations/{organizationId}/activate" },
  status: "confirmed",
  what: "Activate Organization Authorization: POST {PLIANT_API_URL}/organizations/{organizationId}/activate",
  source: CHANGELOG_2023_03,
});

export const ACTIVATE_SYNC_FROM_DATE = fact({
  value: { field: "syncFromDate", format: "YYYY-MM-DD", placement: "json-body" },
  status: "assumed",
  what: "Activate takes an optional syncFromDate (kept by Pliant across a re-activation when omitted); we send it as a JSON body field, date only (format and placement are not published)",
  source: `${CHANGELOG_2023_03} names the field and its semantics; the format and placement are our assumption`,
});

export const DEACTIVATE_AUTHORIZATION = fact({
  value: { method: "POST", path: "organizations/{organizationId}/deactivate" },
  status: "assumed",
  what: "Deactivate Organization Authorization: POST {PLIANT_API_URL}/organizations/{organizationId}/deactivate (by symmetry with Activate; a 404 is a failure, never 'already revoked')",
  source:
    "https://customer-api.getpliant.com/changelog names the endpoint (read 2026-11-23); its path is not published",
});

export const DEACTIVATE_403_MEANS_GONE = fact({
  value: true,
  status: "assumed",
  what: "A 403 from Deactivate means the customer already withdrew the authorization in Pliant (nothing left to deactivate)",
  source: "not published; inferred from the 403 meaning on Pliant's error-handling page",
});

export const ORGANIZATION_FIELDS = fact({
  value: { id: ["organizationId", "id"], name: "name" },
  status: "assumed",
  what: "Organization objects carry their id as organizationId (id accepted) and maybe a name; a missing name never blocks anything",
  source: "field names not published; Pliant names entity ids organizationId/cardId/transactionId across its API",
});

export const ORGANIZATION_ACCESS_LOST = fact({
  value: [401, 403],
  status: "assumed",
  what: "After a token renewal, 401/403 on an organization-scoped call, or the organization missing from GET /organizations, means the customer revoked us (no revocation callback is published)",
  source: "not published; our reading of the authorization flow and the error-handling page",
});

export const API_VERSION = fact({
  value: { header: "Pliant-API-Version", version: "2.1.0" },
  status: "assumed",
  what: "Every API call sends Pliant-API-Version: 2.1.0",
  source: "DESIGN.md §1; not found on the pages we could read",
});

export const TOKEN_REQUEST = fact({
  value: { method: "POST", contentType: "application/json", grantType: "client_credentials" },
  status: "confirmed",
  what: "Token: POST {PLIANT_TOKEN_URL} JSON {client_id, client_secret, audience, grant_type: client_credentials} → {access_token, expires_in, token_type}; one token for all organizations",
  source: AUTHENTICATED_USAGE,
});

export const ORGANIZATIONS = fact({
  value: { list: "organizations", one: "organizations/{organizationId}", pageSize: "limit", page: "page" },
  status: "assumed",
  what: "GET {PLIANT_API_URL}/organizations?limit&page lists the authorized organizations ({data:[…], hasNextPage?}); GET /organizations/{organizationId} reads one",
  source: "DESIGN.md §1 (partner API reference); not on a page we could read",
});

export const CALLBACK_SUBSCRIPTION = fact({
  value: {
    method: "POST",
    path: "subscriptions/authorization",
    types: ["AUTHORIZATION_PENDING", "AUTHORIZATION_GRANTED"] as const,
  },
  status: "assumed",
  what: "Subscribe a callback URL to the authorization callbacks: POST {PLIANT_API_URL}/subscriptions/authorization {callbackUrl, types}",
  source: "Pliant documents subscriptions via API and GET api/subscriptions, not the POST path for these types",
});

export const SIGNING_JWKS = fact({
  value: "partner-management/signing/jwks.json",
  status: "confirmed",
  what: "Ed25519 public keys (JWKS) for signed redirects and callbacks: {PLIANT_API_URL}/partner-management/signing/jwks.json",
  source: "https://partner.getpliant.com/changelog/signed-callbacks-and-redirects (2026-01-12; read 2026-11-23)",
});

export const REDIRECT_SIGNATURE = fact({
  value: {
    parameter: "v1a",
    version: "v1a",
    separator: ",",
    alphabet: "base64 (RFC 4648 §4, padded)",
    bytes: 64,
    signed: "<t>.<partnerId>.<organizationId>",
  },
  status: "confirmed",
  what: "The redirect carries t (unix seconds) and v1a, 'a versioned Base64-encoded Ed25519 signature' over <t>.<partnerId>.<organizationId>",
  source: SIGNED_REDIRECTS,
});

export const REDIRECT_SIGNATURE_SERIALIZATION = fact({
  value: "v1a,<base64>",
  status: "assumed",
  what: "'Versioned' read as Standard Webhooks serializes signatures: the value is v1a,<standard padded base64>; bare, base64url or other versions are refused",
  source: `${SIGNED_REDIRECTS} (the example below the summary was not readable to us) + https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md`,
});

export const TOKEN_QUOTA = fact({
  value: { header: "auth0-client-quota-limit", perHour: 42, perDay: 100 },
  status: "confirmed",
  what: "Every token answer carries Auth0-Client-Quota-Limit: b=per_hour;q=42;r=…;t=…,b=per_day;q=100;r=…;t=… (t = seconds to reset)",
  source: AUTHENTICATED_USAGE,
});

export const TOKEN_QUOTA_EXCEEDED = fact({
  value: { status: 429, error: "too_many_requests", description: "Client quota exceeded" },
  status: "confirmed",
  what: 'Over the quota: 429 {"error":"too_many_requests","error_description":"Client quota exceeded"}, no Retry-After published',
  source: AUTHENTICATED_USAGE,
});

export const API_RATE_LIMIT = fact({
  value: { limit: 900, windowMs: 5 * 60_000, per: "ip" },
  status: "confirmed",
  what: "900 API requests per 5 minutes per IP; over it 429 (the published example has no Retry-After) until the count falls below",
  source: RATE_LIMITING,
});

export const STATUS_CODES = fact({
  value: { accepted: 202, moduleDisabled: 204, locked: 409 },
  status: "confirmed",
  what: "202 accepted (asynchronous, a callback follows), 204 no content (may mean a disabled feature module), 409 conflict (e.g. locked object)",
  source: ERROR_HANDLING,
});

export const PLIANT_FACTS = {
  ACTIVATE_AUTHORIZATION,
  ACTIVATE_SYNC_FROM_DATE,
  DEACTIVATE_AUTHORIZATION,
  DEACTIVATE_403_MEANS_GONE,
  ORGANIZATION_FIELDS,
  ORGANIZATION_ACCESS_LOST,
  API_VERSION,
  TOKEN_REQUEST,
  ORGANIZATIONS,
  CALLBACK_SUBSCRIPTION,
  SIGNING_JWKS,
  REDIRECT_SIGNATURE,
  REDIRECT_SIGNATURE_SERIALIZATION,
  TOKEN_QUOTA,
  TOKEN_QUOTA_EXCEEDED,
  API_RATE_LIMIT,
  STATUS_CODES,
};

export const pliantFactSummaries = () => summarize("pliant", PLIANT_FACTS);
