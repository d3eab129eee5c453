import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";

/**
 * The README's commands, three times each on the same checkout and data directory: start, use the
 * portal (sign in, dashboard), watch /sign-in for 10 s without it reloading itself, Ctrl-C (SIGINT
 * to the process group), and check everything stopped, the embedded PostgreSQL included.
 * `npm start` reuses the production build of the run's build step (same sources, same NEXT_DIST_DIR).
 */
const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3100);
// EMBEDDED_PG_PORT when given (two suites side by side), else one beside the defaults of npm start and npm test.
const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54359);
const dataDir = path.join(root, ".data", `restart-test-${port}`);
const baseURL = `http://localhost:${port}`;
const ROUNDS = 3;

test.describe.configure({ mode: "serial" });
test.beforeAll(() => rmSync(dataDir, { recursive: true, force: true }));
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Started = { child: ChildProcess; output: () => string; closed: Promise<void> };

function startPortal(args: string[]): Started {
  const env: Record<string, string | undefined> = {
    ...process.env,
    APP_URL: baseURL,
    EMBEDDED_PG_PORT: String(pgPort),
    PORTAL_DATA_DIR: dataDir,
    SANDBOX_PLEO_PORT: process.env.E2E_PLEO_PORT ?? "4110",
    SANDBOX_PLIANT_PORT: process.env.E2E_PLIANT_PORT ?? "4120",
    SANDBOX_OIDC_PORT: process.env.E2E_OIDC_PORT ?? "4130",
  };
  // What a new user has: no database, no secrets, no providers configured.
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|AUTH_SECRET|TOKEN_ENCRYPTION_KEYS|NODE_ENV|PORTAL_MODE|PLEO_|PLIANT_|AUTH_OIDC_)/.test(name))
      delete env[name];
  }
  // Its own process group, as a terminal gives it; stdout closes only when every process holding it has exited.
  const child = spawn("npm", args, {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const closed = new Promise<void>((resolve) => child.stdout.once("close", () => resolve()));
  return { child, output: () => output, closed };
}

async function waitForHealth(started: Started, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output().slice(-2000)}`);
    const ok = await fetch(`${baseURL}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not healthy after ${timeoutMs / 1000} s:\n${started.output().slice(-2000)}`);
}

/** Full document loads of the page's main frame (a reload counts; history navigation does not). */
function countDocumentLoads(page: Page) {
  let loads = 0;
  page.on("request", (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) loads++;
  });
  return () => loads;
}

async function databaseAnswers(): Promise<boolean> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: pgPort,
    user: "postgres",
    database: "postgres",
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    return true;
  } catch (error) {
    // A password challenge still means a server is there.
    return !/ECONNREFUSED/.test(String(error));
  } finally {
    await client.end().catch(() => {});
  }
}

for (const [label, args, startupMs] of [
  ["npm start", ["start"], 240_000],
  ["npm run dev", ["run", "dev"], 240_000],
] as const) {
  for (let round = 1; round <= ROUNDS; round++) {
    test(`${label}, start ${round} of ${ROUNDS}: no self-reloading sign-in page, sign-in works, Ctrl-C stops everything`, async ({
      page,
    }) => {
      test.setTimeout(startupMs + 240_000);
      const started = startPortal([...args]);
      try {
        await waitForHealth(started, startupMs);
        expect(started.output()).toContain(
          label === "npm start" ? "optimized production build" : "development server (next dev",
        );
        if (label === "npm start" && round > 1) expect(started.output()).toContain("is up to date: not rebuilding");

        const loads = countDocumentLoads(page);
        await page.goto(`${baseURL}/sign-in`);
        await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible({ timeout: 120_000 });
        await expect(page.getByTestId("local-mode-banner")).toBeVisible();
        const afterLoad = loads();
        await page.waitForTimeout(10_000);
        expect(loads() - afterLoad, "the sign-in page reloaded itself").toBe(0);

        await page.getByLabel("Email").fill("admin@acme.test");
        await page.getByLabel("Password").fill("portal-demo-2026");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await expect(page).toHaveURL(/\/dashboard/, { timeout: 120_000 });
        await expect(page.getByRole("heading", { name: "Connections of Acme GmbH" })).toBeVisible({ timeout: 60_000 });
      } finally {
        // Ctrl-C: SIGINT to the whole process group.
        if (started.child.pid) process.kill(-started.child.pid, "SIGINT");
        await Promise.race([started.closed, new Promise((r) => setTimeout(r, 60_000))]);
      }
      expect(started.output()).toContain("Stopped: server, sandbox and database.");
      expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "embedded PostgreSQL still running").toBe(
        false,
      );
      expect(await databaseAnswers()).toBe(false);
    });
  }
}
