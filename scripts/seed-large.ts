// npm run seed:large -- [count] — add `count` (default 100000) load-test connections to the configured
// database, spread over 200 workspaces, with audit events and a week of refresh statistics.
// Additive: each run adds that many more connections (no tokens are ever written).
import { z } from "zod";
import { pool } from "@/db/client";
import { seedLargeConnections } from "./lib/large-seed";
import { withDatabase } from "./lib/with-database";

const count = z.coerce
  .number()
  .int()
  .min(1)
  .max(5_000_000)
  .safeParse(process.argv[2] ?? "100000");
if (!count.success) {
  console.error("Usage: npm run seed:large -- [count]   (a whole number from 1 to 5000000; default 100000)");
  process.exit(2);
}

await withDatabase(async () => {
  const started = performance.now();
  console.log(`Adding ${count.data.toLocaleString("en-US")} connections …`);
  await seedLargeConnections(pool(), count.data, console.log);
  const { rows } = await pool().query<{ n: string }>("select count(*) as n from connections");
  console.log(
    `Done in ${((performance.now() - started) / 1000).toFixed(1)} s; the database now holds ${Number(rows[0]!.n).toLocaleString("en-US")} connections.`,
  );
});
