import { resolveConfig, type SandboxOptions } from "./options";
import { startPleo } from "./pleo/server";
import { startPliant } from "./pliant/server";

export { SANDBOX_DEFAULTS, type SandboxOptions } from "./options";
export { signPliantRedirect, SIGNING_KID } from "./pliant/signing";
export { PLEO_COMPANIES, PLEO_DEMO_USER, PLEO_ORGANISATIONS } from "./pleo/data";
export { PLIANT_ORGANIZATIONS } from "./pliant/data";
export { OIDC_IDENTITIES, OIDC_PASSWORD } from "./oidc/identities";
export type { RunningMailCatcher } from "./mail/server";

export interface RunningSandbox {
  /** Serves both PLEO_AUTH_URL and PLEO_API_URL. */
  pleoUrl: string;
  /** PLIANT_TOKEN_URL = pliantUrl + "/oauth/token", PLIANT_API_URL = pliantUrl + "/api", PLIANT_APP_URL = pliantUrl. */
  pliantUrl: string;
  close(): Promise<void>;
}

/** Starts the Pleo and Pliant emulators on 127.0.0.1 (port 0 picks a free port). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const config = resolveConfig(opts);
  const pleo = await startPleo(config);
  const pliant = await startPliant(config).catch(async (err: unknown) => {
    await pleo.close();
    throw err;
  });
  return {
    pleoUrl: pleo.url,
    pliantUrl: pliant.url,
    close: async () => {
      await Promise.all([pleo.close(), pliant.close()]);
    },
  };
}

export interface RunningOidcSandbox {
  /** The issuer: AUTH_OIDC_ISSUER (discovery at issuer + "/.well-known/openid-configuration"). */
  issuer: string;
  close(): Promise<void>;
}

/**
 * Starts the OpenID Connect identity provider on 127.0.0.1 (port 0 picks a free port). Separate
 * from startSandbox, which starts only the two providers, so callers opt in.
 */
export async function startOidcSandbox(opts: SandboxOptions = {}): Promise<RunningOidcSandbox> {
  // Loaded on demand: users of startSandbox alone never load oidc-provider (and its Koa).
  const { startOidc } = await import("./oidc/server");
  const server = await startOidc(resolveConfig(opts));
  return { issuer: server.url, close: () => server.close() };
}

/** Starts the mail catcher (SMTP + HTTP inbox) on 127.0.0.1; loaded on demand like the identity provider. */
export async function startMailCatcher(opts: { smtpPort: number; httpPort: number; log?: (line: string) => void }) {
  const { startMailCatcher: start } = await import("./mail/server");
  return start(opts);
}
