import { API_RATE_LIMIT } from "./contract";

/**
 * Pliant allows 900 API requests per 5 minutes per IP and answers 429 (without Retry-After) until
 * the count falls below. Another request during that time only prolongs the block, so after a 429
 * this process stops calling the API for a while: 5 s, doubling with every 429 in a row, never
 * longer than Pliant's window (5 min); Retry-After wins when Pliant sends one. Counted for metrics.
 */
const FIRST_COOL_DOWN_MS = 5_000;
const MAX_COOL_DOWN_MS = API_RATE_LIMIT.value.windowMs;

export type PliantRateLimitEvent = { at: Date; coolDownMs: number; retryAfterSent: boolean };
export type PliantRateLimitStats = { rateLimited: number; refusedWhileCoolingDown: number; coolingDownUntil: Date | null };

let coolingDownUntil = 0;
let streak = 0;
const counts = { rateLimited: 0, refusedWhileCoolingDown: 0 };
const listeners = new Set<(event: PliantRateLimitEvent) => void>();

/** A 429 arrived: start (or lengthen) the cool-down; returns how long it lasts. */
export function noteRateLimited(retryAfterMs: number | undefined, now = Date.now()): number {
  streak += 1;
  const coolDownMs = Math.min(retryAfterMs ?? FIRST_COOL_DOWN_MS * 2 ** (streak - 1), MAX_COOL_DOWN_MS);
  coolingDownUntil = Math.max(coolingDownUntil, now + coolDownMs);
  counts.rateLimited += 1;
  const event = { at: new Date(now), coolDownMs, retryAfterSent: retryAfterMs !== undefined };
  for (const listener of listeners) listener(event);
  return coolDownMs;
}

/** Any other answer: the next 429 starts from the shortest cool-down again. */
export function noteAnswered(): void {
  streak = 0;
}

/** Milliseconds left to wait before calling Pliant's API again (counted as a refusal), or 0. */
export function rateLimitWaitMs(now = Date.now()): number {
  const wait = coolingDownUntil - now;
  if (wait <= 0) return 0;
  counts.refusedWhileCoolingDown += 1;
  return wait;
}

/** For the metrics endpoint: how often Pliant rate-limited us, and calls we held back since. */
export function pliantRateLimitStats(now = Date.now()): PliantRateLimitStats {
  return { ...counts, coolingDownUntil: coolingDownUntil > now ? new Date(coolingDownUntil) : null };
}

/** Subscribe to 429s (e.g. a metrics counter); returns the unsubscribe function. */
export function onPliantRateLimited(listener: (event: PliantRateLimitEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tests: forget any cool-down of an earlier test (the counters keep counting). */
export function endPliantCoolDown(): void {
  coolingDownUntil = 0;
  streak = 0;
}
