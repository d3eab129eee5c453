// npm run keys:rotate — re-encrypt every stored secret under the first key of TOKEN_ENCRYPTION_KEYS.
import { pool } from "@/db/client";
import { env } from "@/lib/env";
import { rotateKeys } from "@/lib/vault/rotate";
import { withDatabase } from "./lib/with-database";

await withDatabase(async () => {
  const ring = env().TOKEN_ENCRYPTION_KEYS;
  console.log(`Re-encrypting stored secrets under key "${ring[0]!.id}" …`);
  const report = await rotateKeys(pool(), ring, {
    onProgress: (table, n) => console.log(`  ${table}: ${n} rows so far`),
  });
  for (const { table, rewritten } of report) console.log(`  ${table}: ${rewritten} rows re-encrypted`);
  console.log(`Done: ${report.reduce((sum, r) => sum + r.rewritten, 0)} rows re-encrypted; safe to re-run.`);
});
