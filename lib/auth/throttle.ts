import "server-only";
import { createHash } from "node:crypto";
import { and, count, eq, gte, lt } from "drizzle-orm";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

/** After this many failures for one email from one address within the window, sign-in pauses. */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

function throttleKey(email: string, clientAddress: string): string {
  return createHash("sha256").update(`${email.toLowerCase()}\u0000${clientAddress}`).digest("hex");
}

export async function isThrottled(email: string, clientAddress: string): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  const [row] = await db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.throttleKey, throttleKey(email, clientAddress)), gte(loginAttempts.at, since)));
  return (row?.n ?? 0) >= MAX_FAILURES;
}

export async function recordFailure(email: string, clientAddress: string): Promise<void> {
  await db().insert(loginAttempts).values({ throttleKey: throttleKey(email, clientAddress) });
  // Old rows are useless; trimming here keeps the table small without a separate job.
  await db().delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - 2 * WINDOW_MS)));
}

export async function clearFailures(email: string, clientAddress: string): Promise<void> {
  await db().delete(loginAttempts).where(eq(loginAttempts.throttleKey, throttleKey(email, clientAddress)));
}
