import { fact, summarize } from "../contract";

/**
 * What Pleo publishes (or what we had to assume), one constant per fact. Read on 2026-11-23.
 * docs/provider-contracts.md explains each; the staff dashboard lists the assumed ones.
 */
const OVERVIEW = "https://developers.pleo.io/reference/marketplace-overview (read 2026-11-23)";
const QUICK_START = "/work/shared/provider-docs/pleo-quick-start.txt (Pleo OAuth quick start; read 2026-11-23)";
const UPDATE = "https://developers.pleo.io/reference/installations/update-a-client-installation (read 2026-11-23)";

export const OAUTH_ENDPOINTS = fact({
  value: { authorize: "oauth/authorize", token: "oauth/token", pkce: "S256", clientAuth: "client_secret_basic" },
  status: "confirmed",
  what: "OAuth 2.0 authorization code + PKCE (S256): GET {PLEO_AUTH_URL}/oauth/authorize, POST {PLEO_AUTH_URL}/oauth/token (form, HTTP Basic client auth)",
  source: QUICK_START,
});

export const TOKEN_INTROSPECTION = fact({
  value: { path: "oauth/token/introspect" },
  status: "assumed",
  what: "RFC 7662 introspection at POST {PLEO_AUTH_URL}/oauth/token/introspect (Basic auth, form token); declared to the OAuth client, not called on any path today",
  source: "DESIGN.md §1; not on a page we could read",
});

export const WHO_AM_I = fact({
  value: { path: "v1/introspect", subjectUrn: /^urn:pleo:(company|organisation|organization):[0-9a-f-]{36}$/i },
  status: "assumed",
  what: "GET {PLEO_API_URL}/v1/introspect answers {data:{subjectURN: urn:pleo:company:<uuid> | urn:pleo:organisation:<uuid>, scope, clientId, …}}: who granted the token",
  source: "DESIGN.md §1; not on a page we could read",
});

export const INSTALLATION_ACTIVATE = fact({
  value: { method: "POST", path: "v1/installations/me:activate" },
  status: "confirmed",
  what: "An installation is created by the OAuth flow; POST /v1/installations/me:activate sets it ACTIVATED when the app needs activation",
  source: `${OVERVIEW}; https://pleo-preview.mintlify.app/reference/installations/activate-the-installation-for-a-client`,
});

export const INSTALLATION_NEEDS_ACTIVATION = fact({
  value: true,
  status: "assumed",
  what: "Our application is registered as needing activation (else Pleo creates the installation ACTIVATED and our activate call is redundant but harmless)",
  source: "a registration attribute agreed with Pleo's partner manager; not visible to us",
});

export const INSTALLATION_UPDATE = fact({
  value: {
    method: "PUT",
    path: "v1/installations/me",
    statuses: ["ACTIVATED", "INACTIVE", "AUTHORIZED", "PENDING_INTEGRATION", "ERROR"],
    errorCodes: ["NOT_ENTITLED", "AUTH_ERROR"],
  },
  status: "confirmed",
  what: "PUT /v1/installations/me {status, errorCode?, metadata?} reports the installation's status; ERROR carries an errorCode (NOT_ENTITLED, AUTH_ERROR)",
  source: UPDATE,
});

export const INSTALLATION_ERROR_NEEDS_LIVE_TOKEN = fact({
  value: true,
  status: "assumed",
  what: "Reporting ERROR (AUTH_ERROR) needs an access token Pleo still accepts, so it is only possible when a connection needs re-authorization while its last access token lives",
  source:
    "follows from the Bearer authentication of PUT /v1/installations/me; Pleo publishes no partner-side alternative",
});

export const INSTALLATION_DELETE = fact({
  value: { method: "DELETE", path: "v1/installations/me" },
  status: "confirmed",
  what: "DELETE /v1/installations/me revokes every access and refresh token of the installation (disconnect)",
  source: `${OVERVIEW} (Installations API: create, update, delete)`,
});

export const COMPANY_RESPONSE = fact({
  value: { path: "v1/companies/{companyId}", wrapped: "data" },
  status: "confirmed",
  what: "Company answers are wrapped in data ({data:{id, name, organizationId, …}})",
  source: "https://pleo-preview.mintlify.app/reference/companies (read 2026-11-23)",
});

export const PLEO_FACTS = {
  OAUTH_ENDPOINTS,
  TOKEN_INTROSPECTION,
  WHO_AM_I,
  INSTALLATION_ACTIVATE,
  INSTALLATION_NEEDS_ACTIVATION,
  INSTALLATION_UPDATE,
  INSTALLATION_ERROR_NEEDS_LIVE_TOKEN,
  INSTALLATION_DELETE,
  COMPANY_RESPONSE,
};

export const pleoFactSummaries = () => summarize("pleo", PLEO_FACTS);
