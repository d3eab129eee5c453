import { migrateDatabase } from "@/db/migrate";
import { provisionTestDatabases } from "./provision";

/**
 * Vitest global setup: `npm test` provides a fresh, empty database (PORTAL_TEST_DB_READY); a direct
 * `npx vitest` run provisions its own. Either way it is migrated before any test runs.
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
