/** Options of startSandbox; every field has a default in SANDBOX_DEFAULTS. */
export interface SandboxOptions {
  pleoPort?: number;
  pliantPort?: number;
  pleoClientId?: string;
  pleoClientSecret?: string;
  /** Registered redirect URIs; authorize requires an exact match. */
  pleoRedirectUris?: readonly string[];
  /** Scopes the client is registered for; a request for anything else is invalid_scope. */
  pleoClientScopes?: readonly string[];
  pleoAccessTtlSec?: number;
  /** A refresh token unused for longer than this is dead. */
  pleoRefreshIdleSec?: number;
  pliantClientId?: string;
  pliantClientSecret?: string;
  pliantAudience?: string;
  pliantPartnerId?: string;
  /** The partner's login URL that Pliant sends the admin to (the portal's GET /login). */
  pliantPartnerLoginUrl?: string;
  pliantTokenTtlSec?: number;
  /** The OpenID Connect identity provider (startOidcSandbox, not startSandbox). */
  oidcPort?: number;
  oidcClientId?: string;
  oidcClientSecret?: string;
  /** Registered redirect URIs of the portal's client (Auth.js: `${APP_URL}/api/auth/callback/oidc`). */
  oidcRedirectUris?: readonly string[];
  /** One line per request; tests pass a no-op. */
  log?: (line: string) => void;
}

export type SandboxConfig = Required<SandboxOptions>;

export const SANDBOX_DEFAULTS = {
  pleoPort: 4010,
  pliantPort: 4020,
  pleoClientId: "sandbox-pleo-client",
  pleoClientSecret: "sandbox-pleo-secret",
  pleoRedirectUris: ["http://localhost:3000/connect/pleo/callback"],
  pleoClientScopes: ["export-jobs:read", "export-items:read", "expenses:read", "test:test"],
  pleoAccessTtlSec: 600,
  pleoRefreshIdleSec: 60 * 86_400,
  pliantClientId: "sandbox-pliant-client",
  pliantClientSecret: "sandbox-pliant-secret",
  pliantAudience: "api.sandbox.pliant.local/api/integration",
  pliantPartnerId: "1d4f605c-f3ba-4297-bc0b-f52514a876d7",
  pliantPartnerLoginUrl: "http://localhost:3000/login",
  pliantTokenTtlSec: 86_400,
  oidcPort: 4030,
  /** The mail catcher (sandbox/mail): SMTP for the portal's SMTP_URL, and its HTTP inbox. */
  mailSmtpPort: 4025,
  mailHttpPort: 4040,
  oidcClientId: "sandbox-portal",
  oidcClientSecret: "sandbox-oidc-secret",
  oidcRedirectUris: ["http://localhost:3000/api/auth/callback/oidc"],
  /** The Pliant-API-Version the sandbox expects (the portal sends it on every API call). */
  pliantApiVersion: "2.1.0",
} as const;

export function resolveConfig(opts: SandboxOptions): SandboxConfig {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return { ...SANDBOX_DEFAULTS, log: (line: string) => console.log(line), ...defined };
}
