// npm run db:seed — the demo workspaces and users (idempotent).
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed";
import { withDatabase } from "./lib/with-database";

await withDatabase(async () => {
  await seedDemo();
  console.log(`Seeded ${DEMO_USERS.length} demo users (password: ${DEMO_PASSWORD}).`);
});
