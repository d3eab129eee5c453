// Pliant token requests per simulated day under load, against Pliant's quota (100/day, 42/hour).
// node --conditions=react-server --import tsx bench/pliant-token-quota.ts   (DATABASE_URL: a server to create a scratch database on)
//
// Time travel: every 10-minute step advances the sandbox's clock and shifts the stored token's
// obtained_at/expires_at (and retry_after) back by the same amount, since the portal reads the real clock.
import { migrateDatabase } from "@/db/migrate";
import { startSandbox } from "@/sandbox/index";
import { sandboxProviderEnv } from "@/scripts/lib/sandbox-env";
import { provisionTestDatabases } from "@/test/provision";
import { testSecrets } from "@/test/test-env";
import { machine } from "./lib";

console.log(`Machine: ${machine()}`);

const STEP_SEC = 600;
const DAY_SEC = 86_400;
const CALLERS = 20;
const CALLS_PER_CALLER_PER_STEP = 3;
const QUOTA = { perDay: 100, perHour: 42 };

const databases = await provisionTestDatabases(1);
Object.assign(process.env, testSecrets(), { DATABASE_URL: databases.urls[0], NODE_ENV: "test" });
await migrateDatabase(databases.urls[0]!);
// Imported after the environment is set: env() is read once, on first use.
const { db, closeDb } = await import("@/db/client");
const { providerTokens } = await import("@/db/schema");
const { pliantFetch } = await import("@/lib/connections/pliant/token");
const { eq } = await import("drizzle-orm");
const { agePliantToken } = await import("@/test/pliant-fixtures");

let pliantPort = 0;

async function scenario(ttlSec: number) {
  // Each scenario restarts the sandbox on the same port: the portal's env() is read once per process.
  const sandbox = await startSandbox({ pleoPort: 0, pliantPort, pliantTokenTtlSec: ttlSec, log: () => {} });
  pliantPort = Number(new URL(sandbox.pliantUrl).port);
  Object.assign(process.env, sandboxProviderEnv(sandbox.pleoUrl, sandbox.pliantUrl));
  await db().delete(providerTokens).where(eq(providerTokens.provider, "pliant"));
  const control = (path: string, body?: unknown) =>
    fetch(`${sandbox.pliantUrl}/__sandbox/${path}`, {
      method: body ? "POST" : "GET",
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json() as Promise<Record<string, { total: number }>>);
  const statuses: Record<string, number> = {};
  const perHour: number[] = [];
  let before = 0;
  for (let step = 0; step < DAY_SEC / STEP_SEC; step++) {
    const results = await Promise.allSettled(
      Array.from({ length: CALLERS * CALLS_PER_CALLER_PER_STEP }, async () => {
        const response = await pliantFetch("organizations?limit=1");
        await response.body?.cancel();
        return response.status;
      }),
    );
    for (const r of results) {
      const key = r.status === "fulfilled" ? String(r.value) : (r.reason as Error).name;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    if ((step + 1) % (3600 / STEP_SEC) === 0) {
      const total = (await control("counters"))["pliant.token"]?.total ?? 0;
      perHour.push(total - before);
      before = total;
    }
    await control("clock", { advanceSeconds: STEP_SEC });
    await agePliantToken(STEP_SEC);
  }
  const tokens = (await control("counters"))["pliant.token"]?.total ?? 0;
  await sandbox.close();
  return {
    ttlSec,
    tokens,
    calls: Object.values(statuses).reduce((a, b) => a + b, 0),
    statuses,
    peakHour: Math.max(...perHour),
  };
}

try {
  console.log(
    `Simulating 24 h in ${STEP_SEC / 60}-minute steps; ${CALLERS} concurrent callers × ${CALLS_PER_CALLER_PER_STEP} API calls per step.`,
  );
  console.log(`Quota: ${QUOTA.perDay} token requests/day, ${QUOTA.perHour}/hour.\n`);
  console.log(
    "token TTL | API calls | answers                    | token requests/day | peak/hour | share of daily quota",
  );
  for (const ttl of [86_400, 36_000]) {
    const r = await scenario(ttl);
    const answers = Object.entries(r.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    console.log(
      `${String(ttl / 3600).padStart(5)} h   | ${String(r.calls).padStart(9)} | ${answers.padEnd(26)} | ${String(r.tokens).padStart(18)} | ${String(r.peakHour).padStart(9)} | ${((100 * r.tokens) / QUOTA.perDay).toFixed(0)} %`,
    );
  }
  console.log(
    "\nA token is renewed once max(10 % of its TTL, 5 min) is left: about 1 + floor(24 h / (0.9 × TTL)) requests a day, whatever the load.",
  );
} finally {
  await closeDb();
  await databases.cleanup();
}
