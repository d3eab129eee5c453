import { defineConfig } from "drizzle-kit";

// Used only to generate migrations (`npm run db:generate`); the app applies them itself on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  strict: true,
});
