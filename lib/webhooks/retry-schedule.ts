/**
 * Seconds to wait after failed attempt n (1-based) before attempt n+1: the Standard Webhooks
 * reference schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), about 27.6 h in all, so a
 * receiver that is down for a day still gets every message. Undefined = no more attempts.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** A Retry-After is honoured, up to the longest step of the schedule. */
export function nextDelaySeconds(failedAttempt: number, retryAfterSeconds?: number): number | undefined {
  const scheduled = RETRY_DELAYS_SECONDS[failedAttempt - 1];
  if (scheduled === undefined) return undefined;
  return retryAfterSeconds !== undefined ? Math.min(Math.max(retryAfterSeconds, 1), 36_000) : scheduled;
}

/** Network errors, timeouts, 5xx, 408 and 429 are retried; any other answer is final. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An endpoint that has failed this long without one success is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3600_000;
