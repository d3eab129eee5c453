import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from "@/db/embedded";
import { DATA_DIR, loadDevSecrets } from "@/lib/dev-secrets";

export const TEST_PG_PORT = 54339;

export type ProvisionedDatabases = { urls: string[]; cleanup: () => Promise<void>; where: string };

/**
 * Fresh databases for one test run, dropped afterwards: on the server named by DATABASE_URL when
 * set (CI uses the machine's PostgreSQL), else on an embedded server kept under .data/postgres-test.
 */
export async function provisionTestDatabases(
  count: number,
  serverUrl = process.env.DATABASE_URL,
): Promise<ProvisionedDatabases> {
  const embedded = serverUrl
    ? undefined
    : await startEmbeddedPostgres({
        dir: path.join(DATA_DIR, "postgres-test"),
        port: TEST_PG_PORT,
        password: loadDevSecrets().embeddedPgPassword,
      });
  const adminUrl = serverUrl ? withDatabase(serverUrl, "postgres") : embedded!.url("postgres");
  const run = `portal_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  const names = Array.from({ length: count }, (_, i) => `${run}_${i}`);
  for (const name of names) await ensureDatabase(adminUrl, name);
  return {
    urls: names.map((name) => withDatabase(adminUrl, name)),
    where: serverUrl
      ? `the server at DATABASE_URL (${new URL(adminUrl).host})`
      : `embedded PostgreSQL on port ${TEST_PG_PORT}`,
    cleanup: async () => {
      for (const name of names) await dropDatabase(adminUrl, name).catch(() => {});
      await embedded?.stop();
    },
  };
}

/**
 * A copy of a migrated test database (CREATE DATABASE … TEMPLATE): one per test file. Copies can be
 * made side by side; the template itself must have no open connection, which is why nothing but
 * the global setup ever connects to it.
 */
export async function cloneTestDatabase(templateUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = databaseName(templateUrl);
  const name = `${template}_${randomBytes(4).toString("hex")}`;
  const adminUrl = withDatabase(templateUrl, "postgres");
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  return { url: withDatabase(templateUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/** Drop every copy of the template that is left (a test file that crashed before its own cleanup). */
export async function dropClonesOf(templateUrl: string): Promise<void> {
  const template = databaseName(templateUrl);
  const adminUrl = withDatabase(templateUrl, "postgres");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1)",
      [`${template}_`],
    );
    for (const { datname } of rows) await dropDatabase(adminUrl, datname).catch(() => {});
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return name;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
