import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ConfigError, env } from "@/lib/env";
import { ensureConfiguredDatabase } from "./database";

/** Run a command-line task against the configured database (starting the embedded one if needed). */
export async function withDatabase(task: () => Promise<void>): Promise<void> {
  let server;
  let failed = false;
  try {
    const e = env();
    server = await ensureConfiguredDatabase(e, () => {});
    await migrateDatabase(e.databaseUrl);
    await task();
  } catch (error) {
    failed = true;
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error(error instanceof Error ? error.message : String(error));
  } finally {
    await closeDb();
    await server?.stop();
  }
  // An explicit exit: the tsx loader does not carry process.exitCode through.
  if (failed) process.exit(1);
}
