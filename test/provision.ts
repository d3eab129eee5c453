import { randomBytes } from "node:crypto";
import path from "node:path";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from "@/db/embedded";
import { DATA_DIR, loadDevSecrets } from "@/lib/dev-secrets";

export const TEST_PG_PORT = 54339;

export type ProvisionedDatabases = { urls: string[]; cleanup: () => Promise<void>; where: string };

/**
 * Fresh databases for one test run, dropped afterwards: on the server named by DATABASE_URL when
 * set (CI uses the machine's PostgreSQL), else on an embedded server kept under .data/postgres-test.
 */
export async function provisionTestDatabases(count: number, serverUrl = process.env.DATABASE_URL): Promise<ProvisionedDatabases> {
  const embedded = serverUrl
    ? undefined
    : await startEmbeddedPostgres({ dir: path.join(DATA_DIR, "postgres-test"), port: TEST_PG_PORT, password: loadDevSecrets().embeddedPgPassword });
  const adminUrl = serverUrl ? withDatabase(serverUrl, "postgres") : embedded!.url("postgres");
  const run = `portal_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  const names = Array.from({ length: count }, (_, i) => `${run}_${i}`);
  for (const name of names) await ensureDatabase(adminUrl, name);
  return {
    urls: names.map((name) => withDatabase(adminUrl, name)),
    where: serverUrl ? `the server at DATABASE_URL (${new URL(adminUrl).host})` : `embedded PostgreSQL on port ${TEST_PG_PORT}`,
    cleanup: async () => {
      for (const name of names) await dropDatabase(adminUrl, name).catch(() => {});
      await embedded?.stop();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
