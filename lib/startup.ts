import "server-only";
import { migrateDatabase } from "@/db/migrate";
import { demoUsersWithPublishedPassword } from "./auth/demo-users";
import { ConfigError, env } from "./env";
import { queue } from "./jobs/queue";
import { log } from "./log";

/**
 * Per-instance start-up: validate the configuration (throws ConfigError), then in the local and
 * development modes apply migrations; production has `npm run db:migrate` as its own step and
 * refuses a database that still holds a demo user with the published password.
 */
export async function startServerInstance(): Promise<void> {
  const e = env();
  if (e.mode === "production") {
    const demo = await demoUsersWithPublishedPassword();
    if (demo.length > 0) {
      throw new ConfigError(
        `DATABASE_URL holds demo users with the published password (${demo.join(", ")}); production refuses to start: remove them or change their passwords`,
      );
    }
  } else {
    await migrateDatabase(e.databaseUrl);
  }
  // Start this instance's send handle now, not on the first request that enqueues: that request may
  // hold a pooled connection in a transaction while the handle's start waits for another one, and
  // enough of them at once would take every connection of the pool (seen in bench/webhooks.ts).
  await queue().catch((error: unknown) =>
    log.warn("queue.start_failed", { message: error instanceof Error ? error.message : String(error) }),
  );
  log.info("server.ready", {
    mode: e.mode,
    embeddedDatabase: e.databaseIsEmbedded,
    sandboxProviders: e.usesSandboxProviders,
  });
}

/** A configuration problem is one line naming the variable, not a stack trace, and no server. */
export async function startServerInstanceOrExit(): Promise<void> {
  try {
    await startServerInstance();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}
