// npm start — the whole portal on this machine: database, migrations, demo data, sandbox providers, Next.js.
import { spawn, type ChildProcess } from "node:child_process";
import { migrateDatabase } from "@/db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed";
import { closeDb } from "@/db/client";
import { ConfigError, parseEnv } from "@/lib/env";
import { runSweep } from "@/lib/jobs/sweep";
import { ensureConfiguredDatabase } from "./lib/database";
import { sandboxEnvFor } from "./lib/sandbox-env";

const children: ChildProcess[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

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
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/main.ts"], { stdio: "inherit", env: { ...process.env, ...sandbox.processEnv } });
  children.push(child);
  console.log(`No provider credentials configured: using the sandbox providers (Pleo ${sandbox.pleoUrl}, Pliant ${sandbox.pliantUrl}).`);
  if (sandbox.mailCatcher) console.log(`No SMTP_URL configured: emails go to the sandbox mail catcher (${sandbox.mailCatcher}).`);
  if (sandbox.oidcIssuer) console.log(`No AUTH_OIDC_* configured: single sign-on uses the sandbox identity provider (${sandbox.oidcIssuer}).`);
}

const database = await ensureConfiguredDatabase(e).catch((error: Error) => fail(`Database: ${error.message}`));
await migrateDatabase(e.databaseUrl);
await seedDemo();

// Maintenance sweep (keep-alive refreshes, pending remote revocations): now, then every 15 minutes.
const sweep = () => runSweep().catch((error: Error) => console.error(`Sweep failed: ${error.message}`));
void sweep();
setInterval(() => void sweep(), 15 * 60 * 1000).unref();

const port = new URL(e.APP_URL).port || "3000";
const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", port], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: e.databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
});
children.push(next);

console.log(`
  Partner Connect Portal: ${e.APP_URL}
  Database: ${e.usesEmbeddedDatabase ? `embedded PostgreSQL on 127.0.0.1:${e.EMBEDDED_PG_PORT} (.data/postgres)` : "DATABASE_URL"}
  Demo users (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => u.email).join(", ")}
`);

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once("exit", r))));
  await closeDb();
  await database?.stop();
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));
