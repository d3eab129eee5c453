// One formatter for every call: Date#toLocaleString with options builds a new Intl.DateTimeFormat
// each time (~0.1 ms), which a table pays per row. The output is the same.
// Pages in the user's language and time zone use use-when.ts; this stays for logs and staff tools.
const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Dates as people read them in a table; the exact instant is in the title attribute. */
export function formatWhen(date: Date | null): string {
  if (!date) return "—";
  return WHEN.format(date) + " UTC";
}

/**
 * A moment that lies in the past by its nature (a token issued, a refresh done) as it should be
 * read relative to `now`: never later than now, so clock skew between servers, or a moment a few
 * milliseconds old, cannot read as the future ("issued in 0 min").
 */
export function notAfter(date: Date, now: number): Date {
  return date.getTime() > now ? new Date(now) : date;
}

/** "in 8 min", "3 days ago", "just now": how far a moment is from now (English, for staff tools). */
export function relative(date: Date | null, now = Date.now()): string {
  if (!date) return "—";
  const ms = date.getTime() - now;
  const abs = Math.round(Math.abs(ms) / 60_000);
  if (abs === 0) return "just now";
  const text = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} days`;
  return ms > 0 ? `in ${text}` : `${text} ago`;
}
