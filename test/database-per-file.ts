import { afterAll, inject } from "vitest";
import { closeDb } from "@/db/client";
import { cloneTestDatabase } from "./provision";

/**
 * Vitest setup file (runs inside each test file, before it is imported): this file's own database,
 * a copy of the migrated template (test/global-setup.ts). Everything the file starts — the portal's
 * pool, worker processes it spawns — reads DATABASE_URL, so whole-table operations (a sweep over
 * every connection, deleting every entry) stay within the file.
 */
const database = await cloneTestDatabase(inject("templateDatabaseUrl"));
process.env.DATABASE_URL = database.url;

// Registered before the file's own hooks, so it runs after them.
afterAll(async () => {
  await closeDb();
  await database.drop();
});
