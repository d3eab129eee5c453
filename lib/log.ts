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
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

export const log = {
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
