import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import { PeopleError } from "./access";

/** Whether this staff member gets the daily digest of broken connections. */
export async function digestEnabled(userId: string): Promise<boolean> {
  const [row] = await db().select({ on: users.emailDigest }).from(users).where(eq(users.id, userId));
  return row?.on ?? false;
}

/** Staff choose for themselves only; customer admins have no digest (their mails are per connection). */
export async function setDigestEnabled(actor: SessionUser, enabled: boolean): Promise<void> {
  if (actor.role !== "partner_staff") throw new PeopleError("not-allowed");
  await db().update(users).set({ emailDigest: enabled }).where(eq(users.id, actor.id));
}
