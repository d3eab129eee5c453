/** CLI: `tsx sandbox/main.ts` runs both emulators and the identity provider until SIGINT/SIGTERM. */
import { SANDBOX_DEFAULTS, startMailCatcher, startOidcSandbox, startSandbox } from "./index";

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}"`);
    process.exit(1);
  }
  return n;
}

const redirectUri = process.env.SANDBOX_PLEO_REDIRECT_URI;
const oidcRedirectUri = process.env.SANDBOX_OIDC_REDIRECT_URI;
// The identity provider first: whoever waits for the Pleo origin then finds all three up.
const oidc = await startOidcSandbox({
  oidcPort: port("SANDBOX_OIDC_PORT", SANDBOX_DEFAULTS.oidcPort),
  oidcRedirectUris: oidcRedirectUri ? [oidcRedirectUri] : undefined,
});
const mail = await startMailCatcher({
  smtpPort: port("SANDBOX_MAIL_SMTP_PORT", SANDBOX_DEFAULTS.mailSmtpPort),
  httpPort: port("SANDBOX_MAIL_HTTP_PORT", SANDBOX_DEFAULTS.mailHttpPort),
});
const sandbox = await startSandbox({
  pleoPort: port("SANDBOX_PLEO_PORT", SANDBOX_DEFAULTS.pleoPort),
  pliantPort: port("SANDBOX_PLIANT_PORT", SANDBOX_DEFAULTS.pliantPort),
  pleoRedirectUris: redirectUri ? [redirectUri] : undefined,
  pliantPartnerLoginUrl: process.env.SANDBOX_PLIANT_LOGIN_URL || undefined,
});

console.log(`Pleo sandbox   ${sandbox.pleoUrl}  (PLEO_AUTH_URL = PLEO_API_URL)`);
console.log(
  `Pliant sandbox ${sandbox.pliantUrl}  (token ${sandbox.pliantUrl}/oauth/token, API ${sandbox.pliantUrl}/api)`,
);
console.log(`OIDC sandbox   ${oidc.issuer}  (AUTH_OIDC_ISSUER; client ${SANDBOX_DEFAULTS.oidcClientId})`);
console.log(`Mail catcher   ${mail.inboxUrl}  (SMTP_URL = ${mail.smtpUrl})`);
console.log(`Control API: ${sandbox.pleoUrl}/__sandbox/… and ${sandbox.pliantUrl}/__sandbox/… — see sandbox/README.md`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping sandbox`);
  await Promise.all([sandbox.close(), oidc.close(), mail.close()]);
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
