import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Transaction } from "@/db/client";
import { users } from "@/db/schema";

/**
 * End every session of a user: the version in their tokens no longer matches the row, which the
 * guards re-read on every request (lib/auth/guards.ts).
 */
export async function endSessionsOf(userId: string, tx: Transaction | ReturnType<typeof db> = db()): Promise<void> {
  if (!z.uuid().safeParse(userId).success) return;
  await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
