import "server-only";
import { type AttemptOutcome, clearLimits, giveBackAttempt, type Limit, recordAttempt } from "@/lib/rate-limit";

const WINDOW_MS = 15 * 60 * 1000;

/** Sign-in limits per 15 minutes; each refusal locks the key for 15 min × 2^strikes (≤ 64×). */
export type SignInLimits = {
  pair: number;
  account: number;
  address: number;
  global: number;
  windowMs: number;
  /** Separates counters (tests use their own so a small global limit locks nobody else). */
  scope?: string;
};

export const SIGN_IN_LIMITS: SignInLimits = {
  /** One email from one address: the classic guessing. */
  pair: 10,
  /** One email from anywhere: guessing spread over many addresses. */
  account: 30,
  /** One address, any email: password spraying. */
  address: 100,
  /** Everyone: spraying from many addresses. High, since reaching it pauses sign-in for all. */
  global: 2000,
  windowMs: WINDOW_MS,
};

const keysOf = (email: string, address: string, scope = "") => ({
  pair: `sign-in${scope}:pair:${email.toLowerCase()}\u0000${address}`,
  account: `sign-in${scope}:account:${email.toLowerCase()}`,
  address: `sign-in${scope}:address:${address}`,
  global: `sign-in${scope}:global`,
});

/** Count a sign-in attempt against all four limits, before the password is checked. */
export function recordSignInAttempt(
  email: string,
  address: string,
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<AttemptOutcome> {
  const keys = keysOf(email, address, limits.scope);
  const limit = (name: keyof typeof keys): Limit => ({ key: keys[name], max: limits[name], windowMs: limits.windowMs });
  return recordAttempt([limit("pair"), limit("account"), limit("address"), limit("global")]);
}

/** A correct password: the account's counters start over; the address and global ones get the attempt back. */
export async function signInSucceeded(email: string, address: string, scope?: string): Promise<void> {
  const keys = keysOf(email, address, scope);
  await clearLimits([keys.pair, keys.account]);
  await giveBackAttempt([keys.address, keys.global]);
}
