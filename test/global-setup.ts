import { migrateDatabase } from "@/db/migrate";
import { provisionTestDatabases } from "./provision";

/**
 * Vitest global setup. The database: `npm test` provides a fresh, empty one (PORTAL_TEST_DB_READY);
 * a direct `npx vitest` run provisions its own; either way it is migrated first. Provider tests
 * start their own sandbox per file (test/sandbox.ts), so counters never mix between files.
 */
export default async function setup() {
  let cleanup: (() => Promise<void>) | undefined;
  if (!process.env.PORTAL_TEST_DB_READY) {
    const provisioned = await provisionTestDatabases(1);
    process.env.DATABASE_URL = provisioned.urls[0];
    cleanup = provisioned.cleanup;
  }
  await migrateDatabase(process.env.DATABASE_URL!);
  return async () => {
    await cleanup?.();
  };
}
