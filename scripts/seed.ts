// npm run db:seed — the demo workspaces and users (idempotent). Local and development only: the
// demo password is published, so production never seeds (and refuses to start with it, lib/startup.ts).
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed";
import { ConfigError, env } from "@/lib/env";
import { withDatabase } from "./lib/with-database";

await withDatabase(async () => {
  if (env().mode === "production") throw new ConfigError("NODE_ENV is production: demo users are never seeded there");
  await seedDemo();
  console.log(`Seeded ${DEMO_USERS.length} demo users (password: ${DEMO_PASSWORD}).`);
});
