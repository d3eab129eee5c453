// A separate process for the Pliant token storm test: `calls` concurrent pliantFetch("organizations") calls.
import { closeDb } from "@/db/client";
import { pliantFetch } from "@/lib/connections/pliant-token";

const calls = Number(process.argv[2]);
const started = Date.now();

// All callers ask for the token at once; only the sockets are capped, because thousands of
// simultaneous connects overflow the sandbox's listen backlog and stall in TCP retransmits.
const MAX_SOCKETS = 16;
const realFetch = globalThis.fetch;
let open = 0;
const waiting: (() => void)[] = [];
globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  while (open >= MAX_SOCKETS) await new Promise<void>((r) => waiting.push(r));
  open++;
  try {
    // The portal's 10 s timeout starts when the request does, not while it queues here.
    const response = await realFetch(input, { ...init, signal: AbortSignal.timeout(10_000) });
    await response.clone().arrayBuffer();
    return response;
  } finally {
    open--;
    waiting.shift()?.();
  }
};

const results = await Promise.allSettled(
  Array.from({ length: calls }, async () => {
    const response = await pliantFetch("organizations?limit=1");
    await response.body?.cancel();
    return response.status;
  }),
);
const statuses: Record<string, number> = {};
for (const r of results) {
  const key = r.status === "fulfilled" ? String(r.value) : `threw ${r.reason instanceof Error ? r.reason.name : "?"}: ${(r.reason as { reason?: string }).reason ?? String(r.reason)}`;
  statuses[key] = (statuses[key] ?? 0) + 1;
}
console.log(JSON.stringify({ statuses, ms: Date.now() - started }));
await closeDb();
