import { SANDBOX_DEFAULTS } from "@/sandbox/index";
import type { Env } from "@/lib/env";

/** The portal's provider configuration when it talks to the local sandbox at these origins. */
export function sandboxProviderEnv(pleoUrl: string, pliantUrl: string): Record<string, string> {
  return {
    PLEO_AUTH_URL: pleoUrl,
    PLEO_API_URL: pleoUrl,
    PLEO_CLIENT_ID: SANDBOX_DEFAULTS.pleoClientId,
    PLEO_CLIENT_SECRET: SANDBOX_DEFAULTS.pleoClientSecret,
    PLEO_SCOPES: "export-jobs:read export-items:read expenses:read",
    PLIANT_TOKEN_URL: `${pliantUrl}/oauth/token`,
    PLIANT_AUDIENCE: SANDBOX_DEFAULTS.pliantAudience,
    PLIANT_API_URL: `${pliantUrl}/api`,
    PLIANT_CLIENT_ID: SANDBOX_DEFAULTS.pliantClientId,
    PLIANT_CLIENT_SECRET: SANDBOX_DEFAULTS.pliantClientSecret,
    PLIANT_PARTNER_ID: SANDBOX_DEFAULTS.pliantPartnerId,
    PLIANT_APP_URL: pliantUrl,
    PLIANT_REQUIRE_SIGNED_REDIRECTS: "true",
  };
}

/** The portal's single sign-on configuration against the sandbox identity provider at this issuer. */
export function sandboxOidcEnv(issuer: string): Record<string, string> {
  return {
    AUTH_OIDC_ISSUER: issuer,
    AUTH_OIDC_CLIENT_ID: SANDBOX_DEFAULTS.oidcClientId,
    AUTH_OIDC_CLIENT_SECRET: SANDBOX_DEFAULTS.oidcClientSecret,
  };
}

/** The portal's mail configuration against the sandbox mail catcher. */
export function sandboxMailEnv(smtpPort: number, httpPort: number): Record<string, string> {
  return {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: "Partner Connect Portal <no-reply@portal.test>",
    MAIL_CATCHER_URL: `http://127.0.0.1:${httpPort}`,
  };
}

/** What the sandbox process needs to know about the portal it serves. */
export function sandboxProcessEnv(
  appUrl: string,
  pleoPort: number,
  pliantPort: number,
  oidcPort: number,
  mail: { smtpPort: number; httpPort: number } = {
    smtpPort: SANDBOX_DEFAULTS.mailSmtpPort,
    httpPort: SANDBOX_DEFAULTS.mailHttpPort,
  },
): Record<string, string> {
  return {
    SANDBOX_MAIL_SMTP_PORT: String(mail.smtpPort),
    SANDBOX_MAIL_HTTP_PORT: String(mail.httpPort),
    SANDBOX_PLEO_PORT: String(pleoPort),
    SANDBOX_PLIANT_PORT: String(pliantPort),
    SANDBOX_OIDC_PORT: String(oidcPort),
    SANDBOX_PLEO_REDIRECT_URI: `${appUrl}/connect/pleo/callback`,
    SANDBOX_PLIANT_LOGIN_URL: `${appUrl}/login`,
    // Auth.js's callback for the provider with id "oidc".
    SANDBOX_OIDC_REDIRECT_URI: `${appUrl}/api/auth/callback/oidc`,
  };
}

/**
 * npm start without provider credentials: run the sandbox and point the portal at it. With
 * credentials for both providers, undefined (the real providers are used). Single sign-on uses
 * the sandbox identity provider only when the sandbox runs anyway and no AUTH_OIDC_* is set.
 */
export function sandboxEnvFor(e: Env) {
  if (e.pleoConfigured && e.pliantConfigured) return undefined;
  // SANDBOX_*_PORT move the emulators (the restart test runs them beside other suites).
  const ports = {
    pleo: e.SANDBOX_PLEO_PORT ?? SANDBOX_DEFAULTS.pleoPort,
    pliant: e.SANDBOX_PLIANT_PORT ?? SANDBOX_DEFAULTS.pliantPort,
    oidc: e.SANDBOX_OIDC_PORT ?? SANDBOX_DEFAULTS.oidcPort,
  };
  const pleoUrl = `http://127.0.0.1:${ports.pleo}`;
  const pliantUrl = `http://127.0.0.1:${ports.pliant}`;
  const oidcIssuer = e.oidcConfigured ? undefined : `http://127.0.0.1:${ports.oidc}`;
  const all = sandboxProviderEnv(pleoUrl, pliantUrl);
  // Only the provider without credentials is replaced; a configured one stays real.
  const env = Object.fromEntries(
    Object.entries(all).filter(([k]) => (k.startsWith("PLEO_") ? !e.pleoConfigured : !e.pliantConfigured)),
  );
  if (oidcIssuer) Object.assign(env, sandboxOidcEnv(oidcIssuer));
  // Mail goes to the sandbox's catcher unless a real server is configured.
  const mailCatcher = e.SMTP_URL ? undefined : `http://127.0.0.1:${SANDBOX_DEFAULTS.mailHttpPort}`;
  if (mailCatcher) Object.assign(env, sandboxMailEnv(SANDBOX_DEFAULTS.mailSmtpPort, SANDBOX_DEFAULTS.mailHttpPort));
  const processEnv = sandboxProcessEnv(e.APP_URL, ports.pleo, ports.pliant, ports.oidc);
  return { env, processEnv, pleoUrl, pliantUrl, oidcIssuer, mailCatcher };
}
