import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/db/migrate";
import { dropClonesOf, provisionTestDatabases } from "./provision";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database every test file clones (test/database-per-file.ts); never used directly. */
    templateDatabaseUrl: string;
  }
}

/**
 * Vitest global setup. The database: `npm test` provides a fresh, empty one (PORTAL_TEST_DB_READY);
 * a direct `npx vitest` run provisions its own. It is migrated once (db/migrate.ts, whatever the
 * migrations hold) and becomes the template: each test file then runs on its own copy, so files
 * running side by side (any number of workers) never see each other's rows. Provider tests start
 * their own sandbox per file (test/sandbox.ts), so counters never mix between files either.
 */
export default async function setup(project: TestProject) {
  let cleanup: (() => Promise<void>) | undefined;
  if (!process.env.PORTAL_TEST_DB_READY) {
    const provisioned = await provisionTestDatabases(1);
    process.env.DATABASE_URL = provisioned.urls[0];
    cleanup = provisioned.cleanup;
  }
  const template = process.env.DATABASE_URL!;
  await migrateDatabase(template);
  project.provide("templateDatabaseUrl", template);
  return async () => {
    // Each file drops its copy; a file that crashed may have left one behind.
    await dropClonesOf(template);
    await cleanup?.();
  };
}
