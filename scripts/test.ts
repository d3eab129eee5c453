// npm test — everything: types, lint, unit + integration (real PostgreSQL), production build, Playwright.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { provisionTestDatabases } from "@/test/provision";
import { testSecrets } from "@/test/test-env";
import { checkDependencies } from "./lib/dependency-audit";
import { sandboxMailEnv, sandboxOidcEnv, sandboxProviderEnv } from "./lib/sandbox-env";
import { probesFor, scanForSecrets } from "./lib/secret-hygiene";

// Everything by default. While iterating: `--skip-static` (typecheck, lint), `--skip-unit`, and
// Playwright spec files as arguments to run only those.
const { values: flags, positionals: specs } = parseArgs({
  options: { "skip-static": { type: "boolean" }, "skip-unit": { type: "boolean" } },
  allowPositionals: true,
});

// A step is a check (typecheck, lint, build, …) or a test runner; only runners report tests.
type TestCounts = { passed: number; failed: number; skipped: number };
type Step = { name: string; ok: boolean; seconds: number; tests?: TestCounts; notRun?: boolean };
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
    const child = spawn(command, args, {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("exit", (code) => resolve(code === 0));
  });
}

async function step(name: string, work: () => Promise<boolean>, counts?: () => TestCounts | undefined) {
  console.log(`\n━━ ${name} ━━`);
  const started = performance.now();
  const exitedCleanly = await work();
  const tests = counts?.();
  const ok = exitedCleanly && (tests?.failed ?? 0) === 0;
  steps.push({ name, ok, seconds: (performance.now() - started) / 1000, tests });
}

/**
 * Playwright's report: each test once (a retried test that passed is "flaky", counted as passed). A
 * test that checks many generated cases (e2e/hostile-input.spec.ts) reports them in a `cases`
 * annotation ({"passed":n,"failed":n}); each case counts as a test.
 */
function playwrightCounts(report: Record<string, unknown> | undefined): TestCounts | undefined {
  if (!report) return undefined;
  type Annotation = { type: string; description?: string };
  type PwTest = { status: string; annotations?: Annotation[]; results?: { annotations?: Annotation[] }[] };
  type PwSuite = { suites?: PwSuite[]; specs?: { tests: PwTest[] }[] };
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  const visit = (suite: PwSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        // Added while the test ran: on the result (and, depending on the version, on the test).
        const annotations = [...(t.annotations ?? []), ...(t.results?.at(-1)?.annotations ?? [])];
        const cases = annotations.find((a) => a.type === "cases")?.description;
        if (cases && t.status !== "skipped") {
          const c = JSON.parse(cases) as { passed: number; failed: number };
          counts.passed += c.passed;
          // A case test that failed on its final checks (the database fingerprint) with every case fine still failed.
          counts.failed += t.status === "unexpected" ? Math.max(c.failed, 1) : c.failed;
        } else if (t.status === "expected" || t.status === "flaky") counts.passed++;
        else if (t.status === "skipped") counts.skipped++;
        else counts.failed++;
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of (report.suites as PwSuite[] | undefined) ?? []) visit(suite);
  return counts;
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
  const probes = probesFor({
    ...pick(appEnv, [
      "AUTH_SECRET",
      "TOKEN_ENCRYPTION_KEYS",
      "PLEO_CLIENT_SECRET",
      "PLIANT_CLIENT_SECRET",
      "AUTH_OIDC_CLIENT_SECRET",
      "METRICS_TOKEN",
    ]),
  });
  const findings = scanForSecrets([clientBundle, serverLog], probes);
  for (const f of findings) console.log(`  LEAK: ${f.label} in ${f.file}`);
  console.log(
    `Scanned ${clientBundle} and the server log (${log.split("\n").length} lines) for ${probes.length} secrets and token shapes: ${findings.length} found.`,
  );
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
  await step("format (prettier --check)", () => run("npx", ["prettier", "--check", "--log-level=warn", "."]));
  // Advisories not in audit-allowlist.json fail. An unreachable audit endpoint fails only when
  // REQUIRE_DEPENDENCY_AUDIT=true: this project's CI machines reach a registry mirror without one.
  await step("dependency audit (npm audit)", () =>
    checkDependencies("audit-allowlist.json", process.env.REQUIRE_DEPENDENCY_AUDIT === "true"),
  );
}

const databases = await provisionTestDatabases(2);
console.log(`\nTest databases on ${databases.where}.`);
const [unitDb, e2eDb] = databases.urls as [string, string];
const secrets = testSecrets();

try {
  if (!flags["skip-unit"])
    await step(
      "unit + integration (vitest)",
      () =>
        run(
          "npx",
          ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/vitest.json`],
          {
            ...secrets,
            NODE_ENV: "test",
            DATABASE_URL: unitDb,
            PORTAL_TEST_DB_READY: "1",
          },
        ),
      () => {
        const r = readJson(`${RESULTS}/vitest.json`);
        return (
          r && {
            passed: Number(r.numPassedTests ?? 0),
            failed: Number(r.numFailedTests ?? 0),
            skipped: Number(r.numPendingTests ?? 0) + Number(r.numTodoTests ?? 0),
          }
        );
      },
    );

  const appEnv = {
    ...secrets,
    ...sandboxProviderEnv(`http://127.0.0.1:${E2E_PLEO_PORT}`, `http://127.0.0.1:${E2E_PLIANT_PORT}`),
    ...sandboxOidcEnv(`http://127.0.0.1:${E2E_OIDC_PORT}`),
    ...sandboxMailEnv(Number(E2E_SMTP_PORT), Number(E2E_MAIL_PORT)),
    DATABASE_URL: e2eDb,
    // The local mode (loopback, demo users): what npm start serves, on the same standalone build.
    PORTAL_MODE: "local",
    APP_URL: `http://localhost:${E2E_PORT}`,
    E2E_PORT,
    E2E_PLEO_PORT,
    E2E_PLIANT_PORT,
    E2E_OIDC_PORT,
    E2E_SMTP_PORT,
    E2E_MAIL_PORT,
  };
  await step("seed the end-to-end database", () =>
    run("node", ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], appEnv),
  );
  await step("production build (next build, standalone)", () =>
    run("node", ["--import", "tsx", "scripts/build.ts"], { ...appEnv, NODE_ENV: "production" }),
  );
  if (steps.every((s) => s.ok)) {
    await step(
      "end-to-end (Playwright, Chromium)",
      () =>
        run("npx", ["playwright", "test", ...specs], {
          ...appEnv,
          NODE_ENV: "production",
          PLAYWRIGHT_JSON: `${RESULTS}/playwright.json`,
          PORTAL_SERVER_LOG: serverLog,
        }),
      () => playwrightCounts(readJson(`${RESULTS}/playwright.json`)),
    );
    await step("secret hygiene (client bundle, server log)", () => Promise.resolve(checkSecretHygiene(appEnv)));
    // npm start and npm run dev, three starts each on this checkout (e2e/restart/restart.spec.ts).
    if (specs.length === 0)
      await step(
        "restart (npm start ×3, npm run dev ×3)",
        () =>
          run("npx", ["playwright", "test", "-c", "e2e/restart/playwright.config.ts"], {
            PLAYWRIGHT_JSON: `${RESULTS}/restart.json`,
            E2E_PORT,
            E2E_PLEO_PORT,
            E2E_PLIANT_PORT,
            E2E_OIDC_PORT,
          }),
        () => playwrightCounts(readJson(`${RESULTS}/restart.json`)),
      );
  } else {
    steps.push({ name: "end-to-end (Playwright, Chromium)", ok: false, seconds: 0, notRun: true });
  }
} finally {
  await databases.cleanup();
}

console.log("\n━━ summary ━━");
for (const s of steps) {
  const detail = s.notRun
    ? "not run: an earlier step failed"
    : s.tests
      ? `${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`
      : s.ok
        ? "ok"
        : "failed";
  console.log(`${s.ok ? "✔" : "✘"} ${s.name.padEnd(44)} ${s.seconds.toFixed(1).padStart(6)} s   ${detail}`);
}
const total = (key: keyof TestCounts) => steps.reduce((n, s) => n + (s.tests?.[key] ?? 0), 0);
const passed = total("passed");
const skipped = total("skipped");
// Tests only. A step that failed with no failing test to show (typecheck, lint, build, a runner
// that died before reporting, a runner never started) still counts one, or the line CI reads
// would say "0 failed" for a red run.
const failed = total("failed") + steps.filter((s) => !s.ok && (s.tests?.failed ?? 0) === 0).length;
console.log(
  `\n${passed} tests passed, ${failed} failed, ${skipped} skipped; ${steps.filter((s) => s.ok).length} of ${steps.length} steps passed`,
);
console.log(`${passed} passed, ${failed} failed`);
if (!existsSync("/usr/bin/chromium"))
  console.log("(Chromium: Playwright's own browser; set PLAYWRIGHT_CHROMIUM_EXECUTABLE to use another.)");
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
