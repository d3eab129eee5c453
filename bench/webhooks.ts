// node --conditions=react-server --import tsx bench/webhooks.ts [--events 1000] [--port 3901]
// A burst of connection state changes (each writes its outbox event in its own transaction) while a
// worker process delivers them to a real HTTP receiver; the worker is killed (SIGKILL) mid-burst and
// a new one started. Prints: events, distinct ids received, duplicates, and state-change → receipt
// latency p50/p99, then a verdict: PASS when every event arrived at least once within the wait and
// no other id arrived (duplicates are allowed: delivery is at least once; they are counted).
// Needs DATABASE_URL (a scratch database is created on it and dropped).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { provisionTestDatabases } from "@/test/provision";
import { percentile } from "./lib";

const { values } = parseArgs({
  options: { events: { type: "string", default: "1000" }, port: { type: "string", default: "3901" } },
});
const EVENTS = Number(values.events);
const PORT = Number(values.port);
const databases = await provisionTestDatabases(1);
Object.assign(process.env, {
  DATABASE_URL: databases.urls[0]!,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const changedAt = new Map<string, number>();
const receipts = new Map<string, number[]>();
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const id = String(req.headers["webhook-id"]);
    const list = receipts.get(id) ?? [];
    list.push(Date.now());
    receipts.set(id, list);
    res.end("ok");
  });
});
await new Promise<void>((r) => receiver.listen(PORT, "127.0.0.1", r));
// Each worker's output goes to .data/bench-webhooks-worker-<n>.log (for a look when a run fails).
mkdirSync(".data", { recursive: true });
let workerCount = 0;
const startWorker = (): ChildProcess => {
  const out = openSync(`.data/bench-webhooks-worker-${++workerCount}.log`, "w");
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    env: process.env,
    stdio: ["ignore", out, out],
  });
};
let worker: ChildProcess | undefined;
try {
  await migrateDatabase(databases.urls[0]!);
  const { db, closeDb } = await import("@/db/client");
  const { connections, workspaces } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const { addEndpoint } = await import("@/lib/webhooks/endpoints");
  const { recordConnectionEvent } = await import("@/lib/webhooks/outbox");
  const { closeQueue } = await import("@/lib/jobs/queue");
  await addEndpoint({ url: `http://127.0.0.1:${PORT}/hooks` }, { label: "bench" });
  const [ws] = await db()
    .insert(workspaces)
    .values({ name: `Bench ${randomBytes(4).toString("hex")}` })
    .returning();
  const ids = (
    await db()
      .insert(connections)
      .values(
        Array.from({ length: EVENTS }, (_, i) => ({
          workspaceId: ws!.id,
          provider: "pleo" as const,
          externalId: `bench-${i}`,
          status: "active" as const,
        })),
      )
      .returning({ id: connections.id })
  ).map((r) => r.id);

  worker = startWorker();
  await sleep(3000);
  let killedAt = -1;
  const started = Date.now();
  for (let i = 0; i < ids.length; i++) {
    const eventId = await db().transaction(async (tx) => {
      await tx
        .update(connections)
        .set({ status: "needs_reauth", statusReason: "bench" })
        .where(eq(connections.id, ids[i]!));
      return recordConnectionEvent(tx, "connection.needs_reauth", ids[i]!, { reason: "bench" });
    });
    changedAt.set(eventId, Date.now());
    if (i === Math.floor(ids.length / 2)) {
      worker.kill("SIGKILL");
      killedAt = receipts.size;
      worker = startWorker();
    }
  }
  const burstMs = Date.now() - started;
  // Jobs the killed worker held come back when they expire (60 s); wait for every event.
  const deadline = Date.now() + 180_000;
  while ([...changedAt.keys()].some((id) => !receipts.has(id)) && Date.now() < deadline) await sleep(500);
  const allDeliveredMs = Math.max(...[...receipts.values()].map((l) => l[0]!)) - started;
  const missing = [...changedAt.keys()].filter((id) => !receipts.has(id)).length;
  const foreign = [...receipts.keys()].filter((id) => !changedAt.has(id)).length;
  const deliveries = [...receipts.values()].reduce((n, l) => n + l.length, 0);
  const latencies = [...changedAt]
    .flatMap(([id, at]) => (receipts.has(id) ? [receipts.get(id)![0]! - at] : []))
    .sort((a, b) => a - b);
  console.log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")} (1 / 5 / 15 min) at the end`,
  );
  console.log(
    `events (state changes): ${EVENTS} in ${burstMs} ms; worker killed (SIGKILL) at event ${Math.floor(EVENTS / 2)} with ${killedAt} received`,
  );
  console.log(
    `distinct webhook-ids received: ${receipts.size}; missing: ${missing}; deliveries: ${deliveries}; duplicates: ${deliveries - receipts.size}`,
  );
  console.log(
    `unknown ids received: ${foreign}; first state change → last receipt: ${missing ? "not all received" : `${allDeliveredMs} ms`}`,
  );
  console.log(
    `state change → receipt latency: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
  );
  const pass = missing === 0 && foreign === 0 && receipts.size === EVENTS;
  console.log(
    `verdict: ${pass ? "PASS" : "FAIL"} — every event delivered at least once after a SIGKILL: ${missing === 0 ? "yes" : `no (${missing} missing)`}; distinct ids = events: ${receipts.size === EVENTS ? "yes" : "no"}; duplicates ${deliveries - receipts.size}`,
  );
  await closeQueue();
  await closeDb();
  if (!pass) process.exitCode = 1;
} finally {
  worker?.kill("SIGTERM");
  receiver.close();
  await databases.cleanup();
}
