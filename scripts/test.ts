// npm test — everything: types, lint, unit + integration (real PostgreSQL), production build, Playwright.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { provisionTestDatabases } from "@/test/provision";
import { testSecrets } from "@/test/test-env";
import { sandboxMailEnv, sandboxOidcEnv, sandboxProviderEnv } from "./lib/sandbox-env";
import { probesFor, scanForSecrets } from "./lib/secret-hygiene";

// Everything by default. While iterating: `--skip-static` (typecheck, lint), `--skip-unit`, and
// Playwright spec files as arguments to run only those.
const { values: flags, positionals: specs } = parseArgs({ options: { "skip-static": { type: "boolean" }, "skip-unit": { type: "boolean" } }, allowPositionals: true });

type Step = { name: string; ok: boolean; seconds: number; passed: number; failed: number; skipped?: boolean };
const steps: Step[] = [];
const RESULTS = `.data/test-results-${process.env.E2E_PORT ?? "3100"}`;
// Ports of the end-to-end servers; override to run two suites side by side.
const E2E_PORT = process.env.E2E_PORT ?? "3100";
const E2E_PLEO_PORT = process.env.E2E_PLEO_PORT ?? "4110";
const E2E_PLIANT_PORT = process.env.E2E_PLIANT_PORT ?? "4120";
const E2E_OIDC_PORT = process.env.E2E_OIDC_PORT ?? "4130";
const E2E_SMTP_PORT = process.env.E2E_SMTP_PORT ?? "4125";
const E2E_MAIL_PORT = process.env.E2E_MAIL_PORT ?? "4140";

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("exit", (code) => resolve(code === 0));
  });
}

async function step(name: string, work: () => Promise<boolean>, counts?: () => { passed: number; failed: number }) {
  console.log(`\n━━ ${name} ━━`);
  const started = performance.now();
  const exitedCleanly = await work();
  const c = counts?.() ?? { passed: exitedCleanly ? 1 : 0, failed: exitedCleanly ? 0 : 1 };
  const ok = exitedCleanly && c.failed === 0;
  // A runner that died before writing results still counts as a failure.
  if (!ok && c.failed === 0) c.failed = 1;
  steps.push({ name, ok, seconds: (performance.now() - started) / 1000, ...c });
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const serverLog = path.resolve(RESULTS, "portal-server.log");

/** No secret or token in the browser bundles, nor in what the portal logged during the end-to-end run. */
function checkSecretHygiene(appEnv: Record<string, string>): boolean {
  const clientBundle = path.join(process.env.NEXT_DIST_DIR || ".next", "static");
  const log = existsSync(serverLog) ? readFileSync(serverLog, "utf8") : "";
  if (!log.includes("server.ready")) {
    console.log("The portal's server log was not captured; cannot check it.");
    return false;
  }
  const probes = probesFor({ ...pick(appEnv, ["AUTH_SECRET", "TOKEN_ENCRYPTION_KEYS", "PLEO_CLIENT_SECRET", "PLIANT_CLIENT_SECRET", "AUTH_OIDC_CLIENT_SECRET"]) });
  const findings = scanForSecrets([clientBundle, serverLog], probes);
  for (const f of findings) console.log(`  LEAK: ${f.label} in ${f.file}`);
  console.log(`Scanned ${clientBundle} and the server log (${log.split("\n").length} lines) for ${probes.length} secrets and token shapes: ${findings.length} found.`);
  return findings.length === 0;
}

function pick(source: Record<string, string>, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

if (!flags["skip-static"]) {
  await step("typecheck", () => run("npx", ["tsc", "--noEmit", "-p", "."]));
  await step("lint", () => run("npx", ["eslint", "--max-warnings=0", "."]));
}

const databases = await provisionTestDatabases(2);
console.log(`\nTest databases on ${databases.where}.`);
const [unitDb, e2eDb] = databases.urls as [string, string];
const secrets = testSecrets();

try {
  if (!flags["skip-unit"]) await step(
    "unit + integration (vitest)",
    () =>
      run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/vitest.json`], {
        ...secrets,
        NODE_ENV: "test",
        DATABASE_URL: unitDb,
        PORTAL_TEST_DB_READY: "1",
      }),
    () => {
      const r = readJson(`${RESULTS}/vitest.json`);
      return { passed: Number(r?.numPassedTests ?? 0), failed: Number(r?.numFailedTests ?? 0) };
    },
  );

  const appEnv = {
    ...secrets,
    ...sandboxProviderEnv(`http://127.0.0.1:${E2E_PLEO_PORT}`, `http://127.0.0.1:${E2E_PLIANT_PORT}`),
    ...sandboxOidcEnv(`http://127.0.0.1:${E2E_OIDC_PORT}`),
    ...sandboxMailEnv(Number(E2E_SMTP_PORT), Number(E2E_MAIL_PORT)),
    DATABASE_URL: e2eDb,
    APP_URL: `http://localhost:${E2E_PORT}`,
    E2E_PORT,
    E2E_PLEO_PORT,
    E2E_PLIANT_PORT,
    E2E_OIDC_PORT,
    E2E_SMTP_PORT,
    E2E_MAIL_PORT,
  };
  await step("seed the end-to-end database", () => run("node", ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], appEnv));
  await step("production build (next build)", () => run("npx", ["next", "build"], { ...appEnv, NODE_ENV: "production" }));
  if (steps.every((s) => s.ok)) {
    await step(
      "end-to-end (Playwright, Chromium)",
      () => run("npx", ["playwright", "test", ...specs], { ...appEnv, NODE_ENV: "production", PLAYWRIGHT_JSON: `${RESULTS}/playwright.json`, PORTAL_SERVER_LOG: serverLog }),
      () => {
        const stats = readJson(`${RESULTS}/playwright.json`)?.stats as Record<string, number> | undefined;
        return { passed: (stats?.expected ?? 0) + (stats?.flaky ?? 0), failed: stats?.unexpected ?? 0 };
      },
    );
    await step("secret hygiene (client bundle, server log)", () => Promise.resolve(checkSecretHygiene(appEnv)));
  } else {
    steps.push({ name: "end-to-end (Playwright, Chromium)", ok: false, seconds: 0, passed: 0, failed: 0, skipped: true });
  }
} finally {
  await databases.cleanup();
}

console.log("\n━━ summary ━━");
for (const s of steps) {
  const counts = s.skipped ? "skipped: an earlier step failed" : `${s.passed} passed, ${s.failed} failed`;
  console.log(`${s.ok ? "✔" : "✘"} ${s.name.padEnd(44)} ${s.seconds.toFixed(1).padStart(6)} s   ${counts}`);
}
const passed = steps.reduce((n, s) => n + s.passed, 0);
const failed = steps.reduce((n, s) => n + s.failed, 0) + steps.filter((s) => s.skipped).length;
console.log(`\n${passed} passed, ${failed} failed`);
if (!existsSync("/usr/bin/chromium")) console.log("(Chromium: Playwright's own browser; set PLAYWRIGHT_CHROMIUM_EXECUTABLE to use another.)");
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
