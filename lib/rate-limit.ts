import "server-only";
import { createHash } from "node:crypto";
import { pool } from "@/db/client";

/** One counter: at most `max` attempts per `windowMs` under `key`; past that, a lockout that doubles. */
export type Limit = { key: string; max: number; windowMs: number };

export type AttemptOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Lockouts double with each strike up to this: a window × 64. */
const MAX_BACKOFF_DOUBLINGS = 6;

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Count one attempt against every limit, before the guarded work runs, in one statement: an
 * upsert per key that returns the new count. Parallel callers queue on the row locks and each sees
 * a count that includes everyone before it, so N parallel attempts get at most `max` through.
 * The first refusal of a window locks the key for window × 2^strikes.
 */
export async function recordAttempt(limits: readonly Limit[]): Promise<AttemptOutcome> {
  if (limits.length === 0) return { allowed: true };
  // Keys are locked in this order by every caller: one fixed order, so no deadlock between them.
  const sorted = [...limits].sort((a, b) => a.key.localeCompare(b.key));
  const keys = sorted.map((l) => hashKey(l.key));
  const maxes = sorted.map((l) => l.max);
  const windows = sorted.map((l) => Math.max(1, Math.ceil(l.windowMs / 1000)));
  const { rows } = await pool().query<{ attempts: number; max_attempts: number; locked_ms: string | null }>(
    `
    insert into rate_limits as t (key, max_attempts, window_seconds, window_started_at, attempts)
    select k, m, w, now(), 1 from unnest($1::text[], $2::int[], $3::int[]) as u(k, m, w)
    on conflict (key) do update set
      max_attempts = excluded.max_attempts,
      window_seconds = excluded.window_seconds,
      window_started_at = case when t.window_started_at <= now() - make_interval(secs => excluded.window_seconds) then now() else t.window_started_at end,
      attempts = case when t.window_started_at <= now() - make_interval(secs => excluded.window_seconds) then 1 else t.attempts + 1 end,
      strikes = case when t.attempts + 1 > excluded.max_attempts and t.window_started_at > now() - make_interval(secs => excluded.window_seconds)
          and (t.locked_until is null or t.locked_until <= now()) then t.strikes + 1 else t.strikes end,
      locked_until = case when t.attempts + 1 > excluded.max_attempts and t.window_started_at > now() - make_interval(secs => excluded.window_seconds)
          and (t.locked_until is null or t.locked_until <= now())
        then now() + make_interval(secs => excluded.window_seconds * power(2, least(t.strikes, $4)))
        else t.locked_until end
    returning attempts, max_attempts,
      case when locked_until > now() then ceil(extract(epoch from locked_until - now()) * 1000)::bigint::text end as locked_ms`,
    [keys, maxes, windows, MAX_BACKOFF_DOUBLINGS],
  );
  let retryAfterMs = 0;
  for (const row of rows) {
    if (row.locked_ms !== null) retryAfterMs = Math.max(retryAfterMs, Number(row.locked_ms));
    else if (row.attempts > row.max_attempts) retryAfterMs = Math.max(retryAfterMs, 1000);
  }
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
}

/** Give an attempt back (it succeeded): the counters then hold failures and attempts in flight. */
export async function giveBackAttempt(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await pool().query("update rate_limits set attempts = greatest(attempts - 1, 0) where key = any($1::text[])", [
    keys.map(hashKey),
  ]);
}

/** Forget keys entirely (counts and strikes). */
export async function clearLimits(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await pool().query("delete from rate_limits where key = any($1::text[])", [keys.map(hashKey)]);
}

/** Drop counters idle for a day and not locked (the sweep calls this); returns how many went. */
export async function pruneRateLimits(): Promise<number> {
  const { rowCount } = await pool().query(
    "delete from rate_limits where window_started_at < now() - interval '1 day' and (locked_until is null or locked_until < now())",
  );
  return rowCount ?? 0;
}
