import "server-only";
import { upsertUser } from "@/lib/auth/users";

/** The demo password of every seeded user; printed by `npm start` and in the README. */
export const DEMO_PASSWORD = "portal-demo-2026";

export const DEMO_USERS = [
  { email: "admin@acme.test", name: "Ada Admin", role: "customer_admin", workspace: "Acme GmbH" },
  { email: "admin@globex.test", name: "Greta Admin", role: "customer_admin", workspace: "Globex AB" },
  { email: "staff@partner.test", name: "Sam Staff", role: "partner_staff" },
] as const;

/** Idempotent: re-running resets the demo users' passwords and workspaces, nothing else. */
export async function seedDemo(): Promise<void> {
  for (const user of DEMO_USERS) await upsertUser({ ...user, password: DEMO_PASSWORD });
}
