import "server-only";
import { logContext } from "./request-context";

/**
 * One JSON line per event. Fields whose names suggest a secret are replaced, and string values
 * that look like bearer tokens are cut, so a careless call cannot leak a token into the log.
 */
const SECRET_FIELD = /token|secret|password|verifier|authorization|cookie|code$|^code|state$/i;

function redact(value: unknown, key = ""): unknown {
  if (SECRET_FIELD.test(key)) return "[redacted]";
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  if (typeof value === "string") return value.replace(/(Bearer|Basic)\s+\S+/gi, "$1 [redacted]");
  return value;
}

function write(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown> = {}) {
  // requestId (web requests, from proxy.ts) or jobId (workers): see lib/request-context.ts.
  const line = JSON.stringify({
    at: new Date().toISOString(),
    level,
    event,
    ...logContext(),
    ...(redact(fields) as object),
  });
  // Straight to the streams console.log/error use, not through console: Next wraps the console on
  // its server (dimming, an AsyncLocalStorage exit per call), which cost ~130 µs a line there
  // (bench/api-token.ts --profile); a JSON line needs none of it.
  if (level === "info") return queueInfo(`${line}\n`);
  flushInfo(); // what was said before a warning stays before it
  process.stderr.write(`${line}\n`);
}

/**
 * Info lines are written once per turn of the event loop, after the answer that logged them has
 * gone out: a write to stdout is a system call (~50 µs here) that need not delay a response, and
 * under load one write carries many lines. Warnings and errors are written at once. Whatever is
 * pending is written when the process exits (process.exit, an uncaught error, Next's SIGTERM).
 */
let pendingInfo = "";
let flushScheduled = false;

function queueInfo(line: string): void {
  pendingInfo += line;
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushInfo);
}

function flushInfo(): void {
  flushScheduled = false;
  if (!pendingInfo) return;
  const lines = pendingInfo;
  pendingInfo = "";
  process.stdout.write(lines);
}

// One exit listener per process, however many copies of this module Next's bundles (or a test
// runner) load: each copy adds its flush to a shared set.
const globalForLog = globalThis as unknown as { portalLogFlushes?: Set<() => void> };
if (!globalForLog.portalLogFlushes) {
  const flushes = (globalForLog.portalLogFlushes = new Set());
  process.once("exit", () => flushes.forEach((flush) => flush()));
}
globalForLog.portalLogFlushes.add(flushInfo);

export const log = {
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
