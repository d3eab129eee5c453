// node --conditions=react-server --import tsx bench/api-token.ts [--clients 50] [--seconds 30] [--port 3601] [--rebuild] [--profile DIR]
// The partner API on the production build: POST /api/v1/connections/{id}/access-token with 50
// concurrent clients for 30 s over 20 live Pleo connections, and in the same run the same load on
// GET /api/v1/ping (a bare handler returning {}) on the same server. Goal: access-token p50 ≤ 1.5×
// the bare handler's. Then the proxy: GET v1/introspect through the portal and straight to the
// sandbox, alternating, one client; goal: p50 overhead ≤ 2 ms.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { startSandbox } from "@/sandbox/index";
import { provisionTestDatabases } from "@/test/provision";
import { benchAppEnv, machine, percentile, processCpuMs, runNode, waitForHealth } from "./lib";
import { keepingTsconfig } from "@/scripts/lib/keep-tsconfig";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "30" },
    port: { type: "string", default: "3601" },
    rebuild: { type: "boolean" },
    "proxy-requests": { type: "string", default: "2000" },
    // Writes the server's CPU profile (node --cpu-prof) into this folder, for finding where the time goes.
    profile: { type: "string" },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const PROXY_REQUESTS = Number(values["proxy-requests"]);
const BASE = `http://localhost:${values.port}`;
const DIST = process.env.NEXT_DIST_DIR || ".next-bench";

const databases = await provisionTestDatabases(1);
const sandbox = await startSandbox({
  pleoPort: 0,
  pliantPort: 0,
  pleoRedirectUris: [`${BASE}/connect/pleo/callback`],
  log: () => {},
});
const appEnv = benchAppEnv({
  base: BASE,
  pleoUrl: sandbox.pleoUrl,
  pliantUrl: sandbox.pliantUrl,
  databaseUrl: databases.urls[0]!,
  distDir: DIST,
  keyId: "bench",
});
Object.assign(process.env, appEnv);
const run = runNode;

type Figures = { requests: number; errors: number; rps: number; p50: number; p99: number; cpuUs?: number };

/** The server's CPU so far in ms, or undefined where /proc cannot tell (not Linux, no process). */
function serverCpuMs(): number | undefined {
  try {
    return server?.pid === undefined ? undefined : processCpuMs(server.pid);
  } catch {
    return undefined;
  }
}

/** `load`, plus the server's own CPU per request over the run (µs), when /proc can tell. */
async function measured(request: (i: number) => Promise<Response>, check: (r: Response) => boolean): Promise<Figures> {
  const before = serverCpuMs();
  const figures = await load(request, check);
  const after = serverCpuMs();
  if (before === undefined || after === undefined) return figures;
  return { ...figures, cpuUs: ((after - before) * 1e3) / figures.requests };
}

/** `clients` loops calling `request` until the time is up. */
async function load(request: (i: number) => Promise<Response>, check: (r: Response) => boolean): Promise<Figures> {
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const response = await request(n++).catch(() => undefined);
        await response?.arrayBuffer();
        latencies.push(performance.now() - started);
        if (!response || !check(response)) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const line = (name: string, f: Figures) =>
  `  ${name.padEnd(14)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms   errors ${f.errors}${f.cpuUs === undefined ? "" : `   server CPU ${f.cpuUs.toFixed(0)} µs/request`}`;

let server: ReturnType<typeof spawn> | undefined;
try {
  await migrateDatabase(appEnv.DATABASE_URL!);
  const { createPleoConnection, createWorkspace } = await import("@/test/pleo-fixtures");
  const { control } = await import("@/test/sandbox");
  const { createApiKey } = await import("@/lib/api-keys/store");
  const { PLEO_COMPANIES } = await import("@/sandbox/index");
  const pleo = control(() => sandbox.pleoUrl);
  const ids: string[] = [];
  const { workspace } = await createWorkspace("Bench GmbH");
  for (let i = 0; i < 20; i++)
    ids.push(
      (await createPleoConnection(pleo, workspace.id, { companyId: PLEO_COMPANIES[i % PLEO_COMPANIES.length]!.id }))
        .connection.id,
    );
  const { key } = await createApiKey(
    { name: "bench", scopes: ["tokens:issue", "proxy", "connections:read"] },
    { userId: null, label: "bench" },
  );

  if (values.rebuild || !existsSync(`${DIST}/BUILD_ID`)) {
    console.log(`Building the production bundle (next build → ${DIST}) …`);
    await keepingTsconfig(() => run(["node_modules/next/dist/bin/next", "build"], { NODE_ENV: "production" }));
  }
  const profile = values.profile ? ["--cpu-prof", "--cpu-prof-dir", values.profile] : [];
  server = spawn(
    process.execPath,
    [...profile, "node_modules/next/dist/bin/next", "start", "--port", String(values.port)],
    {
      env: { ...process.env, NODE_ENV: "production" },
      stdio: "ignore",
    },
  );
  await waitForHealth(BASE);

  const auth = { authorization: `Bearer ${key}` };
  const token = (i: number) =>
    fetch(`${BASE}/api/v1/connections/${ids[i % ids.length]}/access-token`, { method: "POST", headers: auth });
  const ping = () => fetch(`${BASE}/api/v1/ping`);
  // Warm up both routes (JIT, prepared statements, the pool) before measuring.
  for (let i = 0; i < 200; i++)
    await Promise.all([token(i).then((r) => r.arrayBuffer()), ping().then((r) => r.arrayBuffer())]);

  // Whether Next compressed each answer (the client asks for gzip, as fetch does by default).
  const encodings = await Promise.all(
    [ping(), token(0)].map(async (r) => (await r).headers.get("content-encoding") ?? "none"),
  );
  console.log(
    `Partner API on the production build: ${CLIENTS} concurrent clients, ${SECONDS} s per route, ${ids.length} live Pleo connections`,
  );
  console.log(`Machine: ${machine()}`);
  console.log(`  answers' Content-Encoding: bare {} ${encodings[0]}, access-token ${encodings[1]}`);
  const bare = await measured(ping, (r) => r.status === 200);
  console.log(line("bare {}", bare));
  const issued = await measured(token, (r) => r.status === 200);
  console.log(line("access-token", issued));
  const ratio = issued.p50 / bare.p50;
  console.log(
    `  access-token p50 / bare p50 = ${ratio.toFixed(2)}× (goal ≤ 1.5×): ${ratio <= 1.5 ? "MET" : "NOT MET"}`,
  );

  // Proxy overhead: one client, alternating portal proxy and direct sandbox calls for the same connection.
  const direct = (await (await token(0)).json()) as { accessToken: string };
  const via: number[] = [];
  const straight: number[] = [];
  const bareOne: number[] = [];
  for (let i = 0; i < PROXY_REQUESTS; i++) {
    let t = performance.now();
    const a = await fetch(`${BASE}/api/v1/connections/${ids[0]}/proxy/v1/introspect`, { headers: auth });
    await a.arrayBuffer();
    via.push(performance.now() - t);
    t = performance.now();
    const b = await fetch(`${sandbox.pleoUrl}/v1/introspect`, {
      headers: { authorization: `Bearer ${direct.accessToken}`, accept: "application/json" },
    });
    await b.arrayBuffer();
    straight.push(performance.now() - t);
    t = performance.now();
    await (await ping()).arrayBuffer();
    bareOne.push(performance.now() - t);
    if (a.status !== 200 || b.status !== 200) throw new Error(`proxy ${a.status}, direct ${b.status}`);
  }
  via.sort((x, y) => x - y);
  straight.sort((x, y) => x - y);
  bareOne.sort((x, y) => x - y);
  const overhead = percentile(via, 50) - percentile(straight, 50);
  console.log(`Proxy GET v1/introspect, ${PROXY_REQUESTS} calls each, one client, alternating (proxy, direct, bare):`);
  console.log(
    `  via the portal p50 ${percentile(via, 50).toFixed(2)} ms  p99 ${percentile(via, 99).toFixed(2)} ms;  straight to the sandbox p50 ${percentile(straight, 50).toFixed(2)} ms  p99 ${percentile(straight, 99).toFixed(2)} ms`,
  );
  console.log(
    `  for scale, the bare {} handler on the same server, same client: p50 ${percentile(bareOne, 50).toFixed(2)} ms (what any route costs before its own work)`,
  );
  console.log(`  proxy p50 overhead ${overhead.toFixed(2)} ms (goal ≤ 2 ms): ${overhead <= 2 ? "MET" : "NOT MET"}`);
  const { closeDb } = await import("@/db/client");
  await closeDb();
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited; // a profile (--profile) is written as the server exits
  }
  await sandbox.close();
  await databases.cleanup();
}
