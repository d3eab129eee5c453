import "server-only";
import type pg from "pg";
import { decryptWith, encryptWith, sealedPrefix, type KeyRing } from "./cipher";
import { ENCRYPTED_COLUMNS } from "./encrypted-columns";

export type RotationReport = { table: string; rewritten: number }[];

/**
 * Re-encrypt every stored secret that is not under the ring's first key, one batch per
 * transaction. Rows are locked while rewritten (a concurrent token refresh waits), and a re-run
 * after an interruption simply continues: finished rows no longer match the query.
 */
export async function rotateKeys(
  pool: pg.Pool,
  ring: KeyRing,
  opts: { batchSize?: number; onProgress?: (table: string, rewritten: number) => void } = {},
): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 500;
  const prefix = sealedPrefix(ring[0]!.id);
  const report: RotationReport = [];
  for (const spec of ENCRYPTED_COLUMNS) {
    const stale = spec.columns.map((c) => `(${c} is not null and left(${c}, ${prefix.length}) <> $1)`).join(" or ");
    let rewritten = 0;
    for (;;) {
      const client = await pool.connect();
      let done = false;
      try {
        await client.query("begin");
        const { rows } = await client.query<Record<string, string | null>>(
          `select ${spec.idColumn} as row_id, ${spec.columns.join(", ")} from ${spec.table}
           where ${stale} order by ${spec.idColumn} limit ${batchSize} for update`,
          [prefix],
        );
        for (const row of rows) {
          const rowId = String(row.row_id);
          const values = spec.columns.map((column) => {
            const sealed = row[column];
            if (sealed == null) return null;
            const at = { table: spec.table, column, rowId };
            return encryptWith(ring, decryptWith(ring, sealed, at), at);
          });
          const assignments = spec.columns.map((c, i) => `${c} = $${i + 2}`).join(", ");
          await client.query(`update ${spec.table} set ${assignments} where ${spec.idColumn} = $1`, [rowId, ...values]);
        }
        await client.query("commit");
        rewritten += rows.length;
        done = rows.length === 0;
        if (rows.length) opts.onProgress?.(spec.table, rewritten);
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      if (done) break;
    }
    report.push({ table: spec.table, rewritten });
  }
  return report;
}
