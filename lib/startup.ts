import "server-only";
import { migrateDatabase } from "@/db/migrate";
import { env } from "./env";
import { log } from "./log";

/** Per-instance start-up: validate the configuration (throws ConfigError) and apply migrations. */
export async function startServerInstance(): Promise<void> {
  const e = env();
  await migrateDatabase(e.databaseUrl);
  log.info("server.ready", { embeddedDatabase: e.usesEmbeddedDatabase, sandboxProviders: e.usesSandboxProviders });
}
