import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium where present (machines without browser downloads), else Playwright's own.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT ?? 3100);
const pleoPort = Number(process.env.E2E_PLEO_PORT ?? 4110);
const pliantPort = Number(process.env.E2E_PLIANT_PORT ?? 4120);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 4130);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 4125);
const mailPort = Number(process.env.E2E_MAIL_PORT ?? 4140);

export default defineConfig({
  testDir: "./e2e",
  // Starts the portal itself, several times (scripts/test.ts runs it as its own step).
  testIgnore: ["restart/**"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON ?? ".data/test-results/playwright.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // scripts/test.ts builds the app and provides DATABASE_URL, secrets and the sandbox's provider
  // configuration; these start the sandbox providers and the production server.
  webServer: [
    {
      command: "node --import tsx sandbox/main.ts",
      url: `http://127.0.0.1:${pleoPort}/__sandbox/clock`,
      env: {
        SANDBOX_PLEO_PORT: String(pleoPort),
        SANDBOX_PLIANT_PORT: String(pliantPort),
        SANDBOX_PLEO_REDIRECT_URI: `http://localhost:${port}/connect/pleo/callback`,
        SANDBOX_PLIANT_LOGIN_URL: `http://localhost:${port}/login`,
        SANDBOX_OIDC_PORT: String(oidcPort),
        SANDBOX_OIDC_REDIRECT_URI: `http://localhost:${port}/api/auth/callback/oidc`,
        SANDBOX_MAIL_SMTP_PORT: String(smtpPort),
        SANDBOX_MAIL_HTTP_PORT: String(mailPort),
      },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The standalone server of scripts/build.ts: what npm start, npm run serve and the Docker image
      // run. Its output goes to a file when asked, so the run can check it for leaked secrets.
      command: `node ${process.env.NEXT_DIST_DIR || ".next"}/standalone/server.js${process.env.PORTAL_SERVER_LOG ? ` >> "${process.env.PORTAL_SERVER_LOG}" 2>&1` : ""}`,
      env: { PORT: String(port), HOSTNAME: "localhost" },
      url: `http://localhost:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // A background-job worker, as npm start runs beside the server: emails and webhooks are jobs.
      // Only the queued jobs: the scheduled sweeps would race the specs' fixtures.
      command: "node --conditions=react-server --import tsx scripts/worker.ts --queued-only",
      wait: { stdout: /Worker running/ },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
