/**
 * Ring buffer of the last requests. Entries are safe to show anywhere: the path's secret query
 * parameters are masked and only the Authorization *scheme* is kept, never its value.
 */
export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  endpoint: string | null;
  status: number | "pending" | "dropped" | "hung";
  auth: "basic" | "bearer" | "other" | "none";
  error?: string;
  durationMs?: number;
}

const SECRET_PARAMS = new Set([
  "code",
  "code_verifier",
  "token",
  "access_token",
  "refresh_token",
  "client_secret",
  "password",
  "v1a",
]);

export function redactPath(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf("?");
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  const parts: string[] = [];
  for (const [k, v] of params) {
    parts.push(`${encodeURIComponent(k)}=${SECRET_PARAMS.has(k) ? "REDACTED" : encodeURIComponent(v)}`);
  }
  return `${pathAndQuery.slice(0, q)}?${parts.join("&")}`;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly capacity = 100) {}

  /** Returns the stored entry so the server can fill in the outcome later. */
  push(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    return entry;
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  reset(): void {
    this.entries = [];
  }
}
