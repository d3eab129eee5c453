import "server-only";
import { log } from "./log";
import { setBounded } from "@/lib/bounded-map";

type Window = { startedAt: number; written: number; suppressed: number };

/**
 * Warnings that anyone on the internet can cause (refused entries, throttled sign-ins) are logged
 * at most `perMinute` times a minute per event and reason; the rest are counted and the count goes
 * out with the next line written, so an attacker cannot flood the log but nothing goes unnoticed.
 */
export function sampledWarn(
  event: string,
  fields: Record<string, unknown> & { reason?: string },
  perMinute = 20,
  now = Date.now(),
): void {
  const key = `${event}\u0000${fields.reason ?? ""}`;
  let w = windows.get(key);
  if (!w || now - w.startedAt >= 60_000) {
    const suppressedBefore = w?.suppressed ?? 0;
    w = { startedAt: now, written: 0, suppressed: 0 };
    setBounded(windows, key, w, MAX_KEYS);
    if (suppressedBefore > 0) fields = { ...fields, suppressedBefore };
  }
  if (w.written >= perMinute) {
    w.suppressed++;
    return;
  }
  w.written++;
  log.warn(event, fields);
}

const windows = new Map<string, Window>();
const MAX_KEYS = 1000;
