import "server-only";
import { createHash } from "node:crypto";
import { and, count, eq, gte, lt } from "drizzle-orm";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

/**
 * Failed API key attempts, per client address: after MAX_FAILURES within WINDOW_MS the address gets
 * 429 for the rest of the window, whatever it presents. Failures are counted in the shared
 * login_attempts table (under their own key), so every instance sees the same count.
 */
export const MAX_FAILURES = 20;
export const WINDOW_MS = 15 * 60 * 1000;

const blockedUntil = new Map<string, number>();

const throttleKey = (address: string) => createHash("sha256").update(`api-key\u0000${address}`).digest("hex");

/** Milliseconds this address must still wait, or 0. In memory: the hot path costs nothing. */
export function apiKeyThrottleWaitMs(address: string, now = Date.now()): number {
  const until = blockedUntil.get(address);
  if (until === undefined) return 0;
  if (until <= now) blockedUntil.delete(address);
  return Math.max(0, until - now);
}

/** Record a failed attempt; returns the wait in ms when the address is now over the limit, else 0. */
export async function recordApiKeyFailure(address: string, now = Date.now()): Promise<number> {
  const key = throttleKey(address);
  await db().insert(loginAttempts).values({ throttleKey: key });
  const [row] = await db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.throttleKey, key), gte(loginAttempts.at, new Date(now - WINDOW_MS))));
  await db().delete(loginAttempts).where(lt(loginAttempts.at, new Date(now - 2 * WINDOW_MS)));
  if ((row?.n ?? 0) < MAX_FAILURES) return 0;
  if (blockedUntil.size > 100_000) blockedUntil.clear();
  blockedUntil.set(address, now + WINDOW_MS);
  return WINDOW_MS;
}
