// A separate process for the Pliant token storm test, in two phases, through the portal's own code
// (its fetch, its timeout, its abort signal; nothing wrapped or replaced):
//  1. `calls` callers ask for the shared token at the same moment (getPliantAccessToken);
//  2. `calls` pliantFetch("organizations") calls, at most IN_FLIGHT at a time in this process.
// Phase 2 is paced by its callers, as any real client of the portal's API would be: 2000
// simultaneous sockets on a small shared machine would time out for load, not for the faults the
// test injects, and the test counts failures exactly.
import { closeDb } from "@/db/client";
import { getPliantAccessToken, pliantFetch } from "@/lib/connections/pliant/token";

const calls = Number(process.argv[2]);
const IN_FLIGHT = 16;
const started = Date.now();

const describeFailure = (reason: unknown) =>
  `threw ${reason instanceof Error ? reason.name : "?"}: ${(reason as { reason?: string }).reason ?? String(reason)}`;

const tokens = await Promise.allSettled(Array.from({ length: calls }, () => getPliantAccessToken()));
const tokenFailures = tokens.flatMap((r) => (r.status === "rejected" ? [describeFailure(r.reason)] : []));
const distinctTokens = new Set(tokens.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))).size;

const statuses: Record<string, number> = {};
let next = 0;
async function caller() {
  while (next < calls) {
    next++;
    let key: string;
    try {
      const response = await pliantFetch("organizations?limit=1");
      await response.body?.cancel();
      key = String(response.status);
    } catch (error) {
      key = describeFailure(error);
    }
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, caller));

console.log(JSON.stringify({ tokenFailures, distinctTokens, statuses, ms: Date.now() - started }));
await closeDb();
