// npm run jobs [-- --every 15] — the maintenance sweep once (or every N minutes): keep-alive refreshes, pending revocations.
import { parseArgs } from "node:util";
import { runSweep } from "@/lib/jobs/sweep";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({ options: { every: { type: "string" } } });
const minutes = values.every ? Number(values.every) : undefined;
if (minutes !== undefined && !(minutes > 0)) {
  console.error("--every takes a number of minutes greater than 0");
  process.exit(1);
}

await withDatabase(async () => {
  for (;;) {
    const report = await runSweep();
    console.log(`Keep-alive: ${report.keepAlive.refreshed} refreshed, ${report.keepAlive.needsReauth} need re-authorization, ${report.keepAlive.unavailable} provider unavailable, ${report.keepAlive.skipped} skipped. Remote revocations: ${report.remoteRevocations.done} done, ${report.remoteRevocations.pending} pending.`);
    if (report.pliant) console.log(`Pliant: ${report.pliant.checked} active connections checked, ${report.pliant.revoked} revoked in Pliant${report.pliant.skipped ? ` (skipped: ${report.pliant.skipped})` : ""}.`);
    if (!minutes) return;
    await new Promise((r) => setTimeout(r, minutes * 60_000));
  }
});
