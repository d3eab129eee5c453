// node --conditions=react-server --import tsx bench/load-dashboard.ts [--users 200] [--seconds 60]
// 200 concurrent signed-in dashboard users for 60 s against the production build, while the
// portal's token manager refreshes Pleo tokens in the background. Prints errors (goal 0) and p50/p99.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { startSandbox } from "@/sandbox/index";
import { provisionTestDatabases } from "@/test/provision";
import { benchAppEnv, machine, percentile, runNode, signInWithPassword, waitForHealth } from "./lib";

console.log(`Machine: ${machine()}`);

const { values } = parseArgs({
  options: { users: { type: "string", default: "200" }, seconds: { type: "string", default: "60" } },
});
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const PORT = 3500;
const BASE = `http://localhost:${PORT}`;
const DIST = ".next-bench";

const databases = await provisionTestDatabases(1);
const sandbox = await startSandbox({
  pleoPort: 0,
  pliantPort: 0,
  pleoAccessTtlSec: 70,
  pleoRedirectUris: [`${BASE}/connect/pleo/callback`],
  log: () => {},
});
const appEnv = benchAppEnv({
  base: BASE,
  pleoUrl: sandbox.pleoUrl,
  pliantUrl: sandbox.pliantUrl,
  databaseUrl: databases.urls[0]!,
  distDir: DIST,
  keyId: "load",
});
Object.assign(process.env, appEnv);
const run = runNode;

let server: ReturnType<typeof spawn> | undefined;
try {
  await migrateDatabase(appEnv.DATABASE_URL!);
  const { seedDemo, DEMO_USERS } = await import("@/db/seed");
  await seedDemo();
  const { createPleoConnection } = await import("@/test/pleo-fixtures");
  const { control } = await import("@/test/sandbox");
  const { db } = await import("@/db/client");
  const { workspaces } = await import("@/db/schema");
  const pleo = control(() => sandbox.pleoUrl);
  const ids: string[] = [];
  for (const ws of await db().select().from(workspaces))
    for (let i = 0; i < 10; i++) ids.push((await createPleoConnection(pleo, ws.id)).connection.id);

  if (!existsSync(`${DIST}/standalone/server.js`)) {
    console.log("Building the production bundle once (npm run build) …");
    await run(["--import", "tsx", "scripts/build.ts"], { NODE_ENV: "production" });
  }
  // The standalone server, as npm start and production run it (next.config.ts output: "standalone").
  server = spawn(process.execPath, [`${DIST}/standalone/server.js`], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOSTNAME: "localhost" },
    stdio: "ignore",
  });
  await waitForHealth(BASE);

  const signIn = (email: string) => signInWithPassword(BASE, email);
  const sessions: string[] = [];
  for (let i = 0; i < USERS; i++) sessions.push(await signIn(DEMO_USERS[i % DEMO_USERS.length]!.email));

  const { getPleoAccessToken } = await import("@/lib/connections/pleo/tokens");
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let refreshCalls = 0;
  const users = sessions.map(async (cookie) => {
    while (Date.now() < end) {
      const started = performance.now();
      const response = await fetch(`${BASE}/dashboard`, { headers: { Cookie: cookie } }).catch(() => undefined);
      const body = await response?.text();
      latencies.push(performance.now() - started);
      if (!response || response.status !== 200 || !body?.includes("connection-row")) errors++;
    }
  });
  const background = (async () => {
    while (Date.now() < end) {
      await Promise.all(ids.map((id) => getPleoAccessToken(id).catch(() => errors++)));
      await new Promise((r) => setTimeout(r, 1000));
    }
    refreshCalls = (await pleo.counters())["pleo.token"]?.byGrant?.refresh_token ?? 0;
  })();
  await Promise.all([...users, background]);
  latencies.sort((a, b) => a - b);
  console.log(
    `Dashboard load: ${USERS} signed-in users for ${SECONDS} s against the production build, ${ids.length} Pleo connections refreshing in the background`,
  );
  console.log(
    `  requests ${latencies.length} (${(latencies.length / SECONDS).toFixed(1)}/s)   errors ${errors} (goal 0)   background refresh calls ${refreshCalls}`,
  );
  console.log(
    `  latency p50 ${percentile(latencies, 50).toFixed(0)} ms   p99 ${percentile(latencies, 99).toFixed(0)} ms   max ${latencies.at(-1)!.toFixed(0)} ms`,
  );
  const { closeDb } = await import("@/db/client");
  await closeDb();
} finally {
  server?.kill("SIGTERM");
  await sandbox.close();
  await databases.cleanup();
}
