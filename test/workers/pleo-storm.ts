// A separate process for the refresh-storm test: `calls` concurrent getPleoAccessToken over the given connections.
import { closeDb } from "@/db/client";
import { getPleoAccessToken } from "@/lib/connections/pleo/tokens";

const [callsArg, ...ids] = process.argv.slice(2);
const calls = Number(callsArg);
const results = await Promise.allSettled(
  Array.from({ length: calls }, (_, i) => getPleoAccessToken(ids[i % ids.length]!)),
);
const failed = results.filter((r) => r.status === "rejected").map((r) => String(r.reason));
const tokens = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])));
console.log(JSON.stringify({ ok: calls - failed.length, failed: failed.slice(0, 5), distinctTokens: tokens.size }));
await closeDb();
