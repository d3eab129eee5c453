// node --conditions=react-server --import tsx bench/dashboard-render.ts [--renders 200] [--save dir] [--profile dir]
// What one /dashboard render costs the production (standalone) server: bytes of HTML (with React's
// inline payload) and server CPU, for the customer admin's and the staff's view, each next to a
// static file served by the same server in the same run (/robots.txt), so the figure survives a
// busy, shared machine. Goal (issue #11 item 9): half the baseline's bytes and CPU per render.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { migrateDatabase } from "@/db/migrate";
import { startSandbox } from "@/sandbox/index";
import { isBuildCurrent } from "@/scripts/lib/build-stamp";
import { provisionTestDatabases } from "@/test/provision";
import { benchAppEnv, machine, processCpuMs, runNode, signInWithPassword, verdict, waitForHealth } from "./lib";

const { values } = parseArgs({
  options: { renders: { type: "string", default: "200" }, save: { type: "string" }, profile: { type: "string" } },
});
const RENDERS = Number(values.renders);
const PORT = 3550;
const BASE = `http://localhost:${PORT}`;
const DIST = ".next-render";

// The baseline, measured by this bench before the work on item 9 (BENCHMARKS.md, two runs at
// load 10–22: CPU 15.4× and 15.4× static for the admin, 21.3× and 21.1× for the staff): per render,
// CPU as a multiple of one /robots.txt answer and bytes. The goal is half of each.
const BASELINE = {
  admin: { cpuRatio: 15.4, bytes: 91_445 },
  staff: { cpuRatio: 21.2, bytes: 158_682 },
};

console.log(`Machine: ${machine()}`);

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
  keyId: "render",
});
Object.assign(process.env, appEnv);
const run = runNode;

let server: ReturnType<typeof spawn> | undefined;
try {
  await migrateDatabase(appEnv.DATABASE_URL!);
  const { seedDemo } = await import("@/db/seed");
  await seedDemo();
  // The same data as bench/load-dashboard.ts: 10 Pleo connections in each workspace.
  const { createPleoConnection } = await import("@/test/pleo-fixtures");
  const { control } = await import("@/test/sandbox");
  const { db, closeDb } = await import("@/db/client");
  const { workspaces } = await import("@/db/schema");
  const pleo = control(() => sandbox.pleoUrl);
  for (const ws of await db().select().from(workspaces))
    for (let i = 0; i < 10; i++) await createPleoConnection(pleo, ws.id);
  await closeDb();

  if (!isBuildCurrent(process.cwd(), process.env)) {
    console.log(`Building the production bundle into ${DIST} (npm run build) …`);
    await run(["--import", "tsx", "scripts/build.ts"], { NODE_ENV: "production" });
  }
  // --profile: the server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
  const profile = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] : [];
  server = spawn(process.execPath, [...profile, `${DIST}/standalone/server.js`], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOSTNAME: "localhost" },
    stdio: "ignore",
  });
  const pid = server.pid!;
  await waitForHealth(BASE);

  const signIn = (email: string) => signInWithPassword(BASE, email);

  // As a browser asks (fetch sends Accept-Encoding: gzip, deflate, br), so compression is in the CPU.
  async function get(path: string, cookie?: string, mustContain?: string): Promise<string> {
    const response = await fetch(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
    const body = await response.text();
    if (response.status !== 200 || (mustContain && !body.includes(mustContain)))
      throw new Error(`${path}: ${response.status}, ${body.length} bytes`);
    return body;
  }

  // The server's own CPU while nobody asks anything (timers, the job worker), per ms of wall time.
  const idleStarted = performance.now();
  const idleCpu = processCpuMs(pid);
  await new Promise((r) => setTimeout(r, 3000));
  const idlePerMs = (processCpuMs(pid) - idleCpu) / (performance.now() - idleStarted);

  /** Server CPU per request (ms, idle subtracted) over RENDERS sequential requests after a warm-up. */
  async function measure(path: string, cookie?: string, mustContain?: string): Promise<{ cpu: number; body: string }> {
    let body = "";
    for (let i = 0; i < 20; i++) body = await get(path, cookie, mustContain);
    const started = performance.now();
    const before = processCpuMs(pid);
    for (let i = 0; i < RENDERS; i++) await get(path, cookie, mustContain);
    const cpu = processCpuMs(pid) - before - idlePerMs * (performance.now() - started);
    return { cpu: cpu / RENDERS, body };
  }

  /** Bytes of React's inline payload (self.__next_f.push scripts) within the HTML. */
  const payloadBytes = (html: string) =>
    [...html.matchAll(/<script[^>]*>self\.__next_f\.push\(.*?<\/script>/gs)].reduce(
      (s, m) => s + Buffer.byteLength(m[0]),
      0,
    );

  const views = [
    { name: "admin", email: "admin@acme.test" },
    { name: "staff", email: "staff@partner.test" },
  ] as const;
  const staticPage = await measure("/robots.txt");
  const staticBytes = Buffer.byteLength(staticPage.body);
  console.log(
    `Dashboard render cost: ${RENDERS} sequential requests each, production build (standalone server), idle server CPU ${(idlePerMs * 1000).toFixed(0)} ms/s subtracted`,
  );
  console.log(`  static /robots.txt: ${staticPage.cpu.toFixed(2)} ms CPU, ${staticBytes} bytes`);
  // The floor under any page, for reading the figures: the proxy and a route handler; a dynamic
  // page with the layout and almost nothing in it (signed out).
  for (const floor of ["/api/health", "/sign-in"]) {
    const { cpu, body } = await measure(floor);
    console.log(
      `  ${floor} (floor, signed out): ${cpu.toFixed(2)} ms CPU (${(cpu / staticPage.cpu).toFixed(1)}× static), ${Buffer.byteLength(body).toLocaleString("en-US")} bytes`,
    );
  }
  let allMet = true;
  for (const view of views) {
    const cookie = await signIn(view.email);
    const { cpu, body } = await measure("/dashboard", cookie, "connection-row");
    // The static page again right after, so a change in machine load between views shows.
    const again = await measure("/robots.txt");
    const staticCpu = (staticPage.cpu + again.cpu) / 2;
    const bytes = Buffer.byteLength(body);
    // --save: the rendered pages, to see where the bytes go.
    if (values.save) {
      mkdirSync(values.save, { recursive: true });
      writeFileSync(`${values.save}/dashboard-${view.name}.html`, body);
    }
    const cpuRatio = cpu / staticCpu;
    const base = BASELINE[view.name];
    const met = cpuRatio <= base.cpuRatio / 2 && bytes <= base.bytes / 2;
    allMet &&= met;
    console.log(
      `  /dashboard as ${view.name}: ${cpu.toFixed(2)} ms CPU (${cpuRatio.toFixed(1)}× static), ${bytes.toLocaleString("en-US")} bytes (${(bytes / staticBytes).toFixed(0)}× static; inline payload ${payloadBytes(body).toLocaleString("en-US")}; gzip ${gzipSync(body).length.toLocaleString("en-US")})`,
    );
    console.log(
      `    baseline ${base.cpuRatio.toFixed(1)}× static, ${base.bytes.toLocaleString("en-US")} bytes → CPU ${(cpuRatio / base.cpuRatio).toFixed(2)}, bytes ${(bytes / base.bytes).toFixed(2)} of baseline (goal ≤ 0.50 each): ${verdict(met)}`,
    );
  }
  console.log(`Verdict: ${verdict(allMet)}   (load after: ${machine()})`);
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await sandbox.close();
  await databases.cleanup();
}
