import { expect, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import pg from "pg";

export const DEMO_PASSWORD = "portal-demo-2026";
export const PLEO_SANDBOX = `http://127.0.0.1:${process.env.E2E_PLEO_PORT ?? 4110}`;
export const PLIANT_SANDBOX = `http://127.0.0.1:${process.env.E2E_PLIANT_PORT ?? 4120}`;
export const OIDC_SANDBOX = `http://127.0.0.1:${process.env.E2E_OIDC_PORT ?? 4130}`;

export async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/**
 * Auth.js's session cookie on plain http (the end-to-end portal's APP_URL); its name is also the
 * salt of the token's encryption (lib/auth/config.ts: useSecureCookies only on https).
 */
const SESSION_COOKIE = "authjs.session-token";

/**
 * A signed-in browser without typing a password, for specs whose subject is not signing in: mints
 * the session token Auth.js would set (same secret, cookie name as salt, the user's id and the
 * session_version the guards compare with the users row), puts it in the browser and opens
 * /dashboard. Throws when the portal does not take the session (a wrong `secret`, a stale
 * `sessionVersion`): the portal sends such a browser to /sign-in.
 */
export async function signInAs(
  page: Page,
  email: string,
  options: { secret?: string; sessionVersion?: (current: number) => number } = {},
) {
  const secret = options.secret ?? process.env.AUTH_SECRET;
  if (!secret) throw new Error("signInAs: AUTH_SECRET is not set (run the specs through npm test)");
  const { rows } = await withDatabase((db) =>
    db.query<{ id: string; name: string | null; session_version: number }>(
      "select id, name, session_version from users where email = $1",
      [email],
    ),
  );
  const user = rows[0];
  if (!user) throw new Error(`signInAs: no user ${email}`);
  const sv = options.sessionVersion ? options.sessionVersion(user.session_version) : user.session_version;
  const value = await encode({
    token: { sub: user.id, sv, email, name: user.name },
    secret,
    salt: SESSION_COOKIE,
    maxAge: 8 * 60 * 60,
  });
  const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
  await page.context().addCookies([{ name: SESSION_COOKIE, value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  await page.goto("/dashboard");
  const path = new URL(page.url()).pathname;
  if (path !== "/dashboard")
    throw new Error(`signInAs: the portal refused the minted session for ${email} (landed on ${path})`);
}

/** The sandbox's control API (a real HTTP server; see sandbox/README.md). */
export async function sandboxControl(origin: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${origin}/__sandbox/${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
  return response.status === 204 ? undefined : ((await response.json()) as unknown);
}

export function rowOf(page: Page, name: string) {
  return page.getByTestId("connection-row").filter({ hasText: name });
}

/** One short-lived connection to the end-to-end database, for checks the UI cannot show. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The sandbox mail catcher's inbox (sandbox/mail): JSON at /api/messages. */
export const MAIL_INBOX = `http://127.0.0.1:${process.env.E2E_MAIL_PORT ?? 4140}`;

export type CaughtMail = {
  id: string;
  receivedAt: string;
  to: string[];
  subject: string;
  text: string;
  links: string[];
};

/** Waits for the next mail to `to` received after `since` (mail is sent after the response: poll). */
export async function waitForMail(to: string, since: Date, timeoutMs = 15_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { messages } = (await (await fetch(`${MAIL_INBOX}/api/messages?to=${encodeURIComponent(to)}`)).json()) as {
      messages: CaughtMail[];
    };
    const fresh = messages.find((m) => new Date(m.receivedAt).getTime() >= since.getTime() - 1000);
    if (fresh) return fresh;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

/** Mails to `to` so far (newest first). */
export async function mailsTo(to: string): Promise<CaughtMail[]> {
  return (
    (await (await fetch(`${MAIL_INBOX}/api/messages?to=${encodeURIComponent(to)}`)).json()) as {
      messages: CaughtMail[];
    }
  ).messages;
}

/** Signs in with an explicit password (DEMO_PASSWORD is signIn's). */
export async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}
