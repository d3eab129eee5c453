import { expect, type Page } from "@playwright/test";
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

/** The sandbox's control API (a real HTTP server; see sandbox/README.md). */
export async function sandboxControl(origin: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${origin}/__sandbox/${path}`, { method, headers: body ? { "Content-Type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined });
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
