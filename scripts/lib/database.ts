import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";
import { loadDevSecrets } from "@/lib/dev-secrets";
import type { Env } from "@/lib/env";

/**
 * Make the configured database reachable: with DATABASE_URL, nothing to do; without it, start (or
 * reuse) the embedded server under <data dir>/postgres and create the `portal` database.
 */
export async function ensureConfiguredDatabase(
  e: Env,
  log: (line: string) => void = console.log,
): Promise<EmbeddedServer | undefined> {
  if (!e.usesEmbeddedDatabase) return undefined;
  const server = await startEmbeddedPostgres({
    dir: path.join(e.PORTAL_DATA_DIR, "postgres"),
    port: e.EMBEDDED_PG_PORT,
    password: loadDevSecrets(e.PORTAL_DATA_DIR).embeddedPgPassword,
    log,
  });
  await ensureDatabase(server.url("postgres"), "portal");
  return server;
}
