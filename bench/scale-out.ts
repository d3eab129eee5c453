// node --conditions=react-server --import tsx bench/scale-out.ts [--seconds 60] [--users 16]
// Scale-out on one database: 2 web instances (`next start` of one production build, two ports) and
// 2 workers (`npm run worker`), with load through both instances: admins pressing "Test connection"
// on Pleo connections whose access tokens live 70 s (so they are refreshed about every 10 s) and on
// a Pliant connection (one shared client-credentials token). Prints the refresh and token counts
// the sandbox saw, each scheduled job's runs per period, and errors (goal 0).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { sandboxProviderEnv } from "@/scripts/lib/sandbox-env";
import { startSandbox } from "@/sandbox/index";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/pliant/data";
import { SANDBOX_DEFAULTS } from "@/sandbox/options";
import { provisionTestDatabases } from "@/test/provision";
import { runNode, signInWithPassword, waitForHealth } from "./lib";
import { keepingTsconfig } from "@/scripts/lib/keep-tsconfig";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, users: { type: "string", default: "16" } },
});
const SECONDS = Number(values.seconds);
const USERS = Number(values.users);
const PORTS = [3310, 3311];
const BASES = PORTS.map((p) => `http://localhost:${p}`);
const DIST = process.env.NEXT_DIST_DIR ?? ".next-scale";
const PLEO_CONNECTIONS = 8;
const PLEO_TTL = 70; // the portal refreshes with ≤ 60 s left: a token is served for 10 s
const PLIANT_TTL = 330; // renewed with < max(10 %, 300 s) left: a token is used for 30 s
const JOB_PERIOD = 5;

const databases = await provisionTestDatabases(1);
const sandbox = await startSandbox({
  pleoPort: 0,
  pliantPort: 0,
  pleoAccessTtlSec: PLEO_TTL,
  pliantTokenTtlSec: PLIANT_TTL,
  pleoRedirectUris: BASES.map((b) => `${b}/connect/pleo/callback`),
  log: () => {},
});
const appEnv: Record<string, string> = {
  ...sandboxProviderEnv(sandbox.pleoUrl, sandbox.pliantUrl),
  DATABASE_URL: databases.urls[0]!,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `scale:${randomBytes(32).toString("base64")}`,
  NEXT_DIST_DIR: DIST,
  NEXT_TELEMETRY_DISABLED: "1",
  JOBS_PERIOD_SECONDS: String(JOB_PERIOD),
};
Object.assign(process.env, appEnv, { APP_URL: BASES[0] });
const run = runNode;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const processes: ChildProcess[] = [];
try {
  await migrateDatabase(appEnv.DATABASE_URL!);
  const { seedDemo } = await import("@/db/seed");
  await seedDemo();
  const { createPleoConnection } = await import("@/test/pleo-fixtures");
  const { control } = await import("@/test/sandbox");
  const { db, pool } = await import("@/db/client");
  const { connections, workspaces } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const pleo = control(() => sandbox.pleoUrl);
  const pliant = control(() => sandbox.pliantUrl);
  const [acme] = await db().select().from(workspaces).where(eq(workspaces.name, "Acme GmbH"));
  // The demo seed's own connections are left out of the load: only these are tested.
  const pleoIds: string[] = [];
  for (let i = 0; i < PLEO_CONNECTIONS; i++) pleoIds.push((await createPleoConnection(pleo, acme!.id)).connection.id);

  // One Pliant organization authorized for the partner (as an admin's Approve would), linked to Acme.
  const org = PLIANT_ORGANIZATIONS.find((o) => !pleoIds.includes(o.id))!;
  await pliant.post("authorizations/start", { organizationId: org.id });
  const tokenResponse = await fetch(`${sandbox.pliantUrl}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: SANDBOX_DEFAULTS.pliantClientId,
      client_secret: SANDBOX_DEFAULTS.pliantClientSecret,
      audience: SANDBOX_DEFAULTS.pliantAudience,
      grant_type: "client_credentials",
    }),
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const activated = await fetch(
    `${sandbox.pliantUrl}/api/partner-management/organizations/${org.id}/authorization/activate`,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${access_token}`, "Pliant-API-Version": SANDBOX_DEFAULTS.pliantApiVersion },
    },
  );
  if (!activated.ok) throw new Error(`Pliant activation: ${activated.status}`);
  await db().delete(connections).where(eq(connections.externalId, org.id));
  const [pliantConnection] = await db()
    .insert(connections)
    .values({
      workspaceId: acme!.id,
      provider: "pliant",
      externalId: org.id,
      externalName: org.name,
      status: "active",
      connectedAt: new Date(Date.now() - 60_000),
    })
    .returning();
  const ids = [...pleoIds, pliantConnection!.id];

  if (!existsSync(`${DIST}/BUILD_ID`)) {
    console.log("Building the production bundle once (next build) …");
    await keepingTsconfig(() => run(["node_modules/next/dist/bin/next", "build"], { NODE_ENV: "production" }));
  }
  for (const [i, port] of PORTS.entries()) {
    processes.push(
      spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
        env: { ...process.env, APP_URL: BASES[i]!, NODE_ENV: "production" },
        stdio: "ignore",
      }),
    );
  }
  for (const base of BASES) await waitForHealth(base);

  const signIn = signInWithPassword;
  // The "Test connection" form's server action, posted as the browser does without JavaScript.
  const cookies = await Promise.all(BASES.map((b) => signIn(b, "admin@acme.test")));
  const page = await (
    await fetch(`${BASES[0]}/dashboard/connections/${ids[0]}`, { headers: { Cookie: cookies[0]! } })
  ).text();
  const testForm = page.split("<form").find((f) => f.includes("Test connection"));
  const actionField = testForm?.match(/name="(\$ACTION_ID_[0-9a-f]+)"/)?.[1];
  if (!actionField) throw new Error("no Test connection form on the connection page");

  // Provider counts from here on: the workers' jobs (the Pliant reconcile needs a token) count too.
  const countersBefore = { pleo: await pleo.counters(), pliant: await pliant.counters() };
  const countedFrom = Date.now();
  // Both workers up (each has created its queues and run a first tick) before the load starts.
  const workers = [0, 1].map(() =>
    spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  processes.push(...workers);
  await Promise.all(
    workers.map(
      (w, i) =>
        new Promise<void>((resolve, reject) => {
          let stderr = "";
          w.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          w.stdout.on("data", (d: Buffer) => d.toString().includes("worker.started") && resolve());
          w.once("exit", (code) =>
            reject(new Error(`worker ${i + 1} exited (${code}) before starting: ${stderr.slice(0, 500)}`)),
          );
          setTimeout(
            () => reject(new Error(`worker ${i + 1} did not start in 180 s: ${stderr.slice(0, 500)}`)),
            180_000,
          ).unref();
        }),
    ),
  );

  const end = Date.now() + SECONDS * 1000;
  let calls = 0;
  let errors = 0;
  const perInstance = [0, 0];
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      for (let n = 0; Date.now() < end; n++) {
        const i = (u + n) % 2;
        const id = ids[(u * 7 + n) % ids.length]!;
        const form = new FormData();
        form.set(actionField, "");
        form.set("connectionId", id);
        const response = await fetch(`${BASES[i]}/dashboard/connections/${id}`, {
          method: "POST",
          body: form,
          redirect: "manual",
          headers: { Cookie: cookies[i]!, Origin: BASES[i]! },
        }).catch(() => undefined);
        await response?.body?.cancel();
        calls++;
        perInstance[i]!++;
        if (!response || response.status !== 303 || !response.headers.get("location")?.includes("notice=test-ok"))
          errors++;
      }
    }),
  );
  const elapsed = (Date.now() - startedAt) / 1000;
  const counted = (Date.now() - countedFrom) / 1000;
  await sleep(1500); // the last scheduled jobs finish
  for (const p of processes.splice(2)) p.kill("SIGTERM");

  const pleoAfter = await pleo.counters();
  const pliantAfter = await pliant.counters();
  const grants = (c: typeof pleoAfter) => c["pleo.token"]?.byGrant?.refresh_token ?? 0;
  const refreshes = grants(pleoAfter) - grants(countersBefore.pleo);
  const tokenErrors =
    Object.values(pleoAfter["pleo.token"]?.byError ?? {}).reduce((a, b) => a + b, 0) -
    Object.values(countersBefore.pleo["pleo.token"]?.byError ?? {}).reduce((a, b) => a + b, 0);
  const tokenKey = Object.keys(pliantAfter).find((k) => k.includes("token")) ?? "pliant.token";
  const pliantTokens = (pliantAfter[tokenKey]?.total ?? 0) - (countersBefore.pliant[tokenKey]?.total ?? 0);
  const stillActive = (
    await pool().query<{ n: number }>(
      "select count(*)::int as n from connections where id = any($1) and status = 'active'",
      [ids],
    )
  ).rows[0]!.n;
  const { rows: perSlot } = await pool().query<{
    name: string;
    slots: number;
    span: number;
    max_per_slot: number;
    failed: number;
  }>(
    `select name, count(*)::int as slots, (extract(epoch from max(singleton_on) - min(singleton_on)) / ${JOB_PERIOD} + 1)::int as span,
            max(n)::int as max_per_slot, sum(failed)::int as failed from (
        select name, singleton_on, count(*) as n, count(*) filter (where state = 'failed') as failed
          from (select name, singleton_on, state from pgboss.job union all select name, singleton_on, state from pgboss.archive) j
         where singleton_on is not null and name not like '\\_\\_%' group by name, singleton_on) s
      group by name order by name`,
  );

  const pleoPeriod = PLEO_TTL - 60;
  const pliantPeriod = PLIANT_TTL - 300;
  console.log(
    `Scale-out: 2 web instances (next start, ports ${PORTS.join(", ")}) + 2 workers on one database; ${USERS} concurrent admins for ${elapsed.toFixed(0)} s`,
  );
  console.log(
    `  Test connection calls ${calls} (${(calls / elapsed).toFixed(1)}/s; instance A ${perInstance[0]}, B ${perInstance[1]})   errors ${errors} (goal 0)`,
  );
  console.log(
    `  Pleo: ${refreshes} refreshes for ${PLEO_CONNECTIONS} connections whose tokens are served ${pleoPeriod} s each: ${(refreshes / PLEO_CONNECTIONS).toFixed(2)} per connection, at most ${Math.ceil(elapsed / pleoPeriod) + 1} possible; refused refreshes ${tokenErrors}, connections still active ${stillActive}/${ids.length} (Pleo rotates refresh tokens: a second refresh for the same expiry would reuse a rotated token, be refused and revoke the grant — so every refresh was the one for its expiry)`,
  );
  console.log(
    `  Pliant: ${pliantTokens} client-credentials tokens for the whole fleet (2 web + 2 workers) in ${counted.toFixed(0)} s (workers' start + load); a token is renewed after ${pliantPeriod} s of use, so ${Math.ceil(counted / pliantPeriod)} at most`,
  );
  console.log(
    `  Scheduled jobs (period ${JOB_PERIOD} s, 2 workers each trying to send every ${Math.max(0.5, JOB_PERIOD / 4)} s):`,
  );
  for (const r of perSlot)
    console.log(
      `    ${r.name}: ${r.slots} jobs in ${r.span} consecutive periods (${r.span - r.slots} missed), at most ${r.max_per_slot} per period, ${r.failed} failed`,
    );
  await (await import("@/db/client")).closeDb();
} finally {
  for (const p of processes) p.kill("SIGTERM");
  await sleep(1000);
  await sandbox.close();
  await databases.cleanup();
}
