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
export type PliantRateLimitStats = {
  rateLimited: number;
  refusedWhileCoolingDown: number;
  coolingDownUntil: Date | null;
};

/**
 * Per process, on globalThis: Next may load this module in more than one bundle of the same
 * process, and the proxy route that meets a 429 and the metrics route that reports it must share it.
 */
type State = {
  coolingDownUntil: number;
  streak: number;
  counts: { rateLimited: number; refusedWhileCoolingDown: number };
  listeners: Set<(event: PliantRateLimitEvent) => void>;
};
const globalForRateLimit = globalThis as unknown as { pliantRateLimit?: State };
const state: State = (globalForRateLimit.pliantRateLimit ??= {
  coolingDownUntil: 0,
  streak: 0,
  counts: { rateLimited: 0, refusedWhileCoolingDown: 0 },
  listeners: new Set(),
});
const { counts, listeners } = state;

/** A 429 arrived: start (or lengthen) the cool-down; returns how long it lasts. */
export function noteRateLimited(retryAfterMs: number | undefined, now = Date.now()): number {
  state.streak += 1;
  const coolDownMs = Math.min(retryAfterMs ?? FIRST_COOL_DOWN_MS * 2 ** (state.streak - 1), MAX_COOL_DOWN_MS);
  state.coolingDownUntil = Math.max(state.coolingDownUntil, now + coolDownMs);
  counts.rateLimited += 1;
  const event = { at: new Date(now), coolDownMs, retryAfterSent: retryAfterMs !== undefined };
  for (const listener of listeners) listener(event);
  return coolDownMs;
}

/** Any other answer: the next 429 starts from the shortest cool-down again. */
export function noteAnswered(): void {
  state.streak = 0;
}

/** Milliseconds left to wait before calling Pliant's API again (counted as a refusal), or 0. */
export function rateLimitWaitMs(now = Date.now()): number {
  const wait = state.coolingDownUntil - now;
  if (wait <= 0) return 0;
  counts.refusedWhileCoolingDown += 1;
  return wait;
}

/** For the metrics endpoint: how often Pliant rate-limited us, and calls we held back since. */
export function pliantRateLimitStats(now = Date.now()): PliantRateLimitStats {
  return { ...counts, coolingDownUntil: state.coolingDownUntil > now ? new Date(state.coolingDownUntil) : null };
}

/** Subscribe to 429s (e.g. a metrics counter); returns the unsubscribe function. */
export function onPliantRateLimited(listener: (event: PliantRateLimitEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tests: forget any cool-down of an earlier test (the counters keep counting). */
export function endPliantCoolDown(): void {
  state.coolingDownUntil = 0;
  state.streak = 0;
}
