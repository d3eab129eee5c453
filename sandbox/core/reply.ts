/**
 * Handlers return a Reply instead of writing to the socket, so the server can apply faults
 * (e.g. do the work, then drop the connection) and record the outcome in one place.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** The `error` code of a JSON error body, for the counters. */
  error?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  const error =
    typeof body === "object" && body !== null && "error" in body && typeof body.error === "string"
      ? body.error
      : undefined;
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
    error,
  };
}

export function html(status: number, markup: string): Reply {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: markup,
  };
}

export function redirect(location: string, status = 302): Reply {
  return { status, headers: { location, "cache-control": "no-store" } };
}

export function noContent(): Reply {
  return { status: 204 };
}
