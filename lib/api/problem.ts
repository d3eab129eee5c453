import "server-only";
import type { z } from "zod";

/**
 * RFC 9457 problem details: every partner API error is `application/problem+json` with a `type`
 * URI naming the kind, a short `title`, the `status`, and a `detail` chosen for people (never a
 * provider's body, a token or a stack).
 */
export type ProblemKind =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "invalid-request"
  | "connection-unusable"
  | "provider-unavailable"
  | "throttled"
  | "proxy-refused"
  | "payload-too-large"
  | "method-not-allowed"
  | "upstream-failed";

const TITLES: Record<ProblemKind, [number, string]> = {
  unauthorized: [401, "Missing or invalid API key"],
  forbidden: [403, "The API key lacks the scope for this call"],
  "not-found": [404, "Not found"],
  "invalid-request": [400, "The request is not valid"],
  "connection-unusable": [409, "The connection cannot be used until the customer reconnects it"],
  "provider-unavailable": [503, "The provider is unavailable"],
  throttled: [429, "Too many failed attempts"],
  "proxy-refused": [400, "The proxy refuses this request"],
  "payload-too-large": [413, "The body is too large"],
  "method-not-allowed": [405, "Method not allowed"],
  "upstream-failed": [502, "The provider's answer could not be relayed"],
};

export const PROBLEM_TYPE_BASE = "https://partner-connect.dev/problems/";

export function problem(
  kind: ProblemKind,
  extra: { detail?: string; headers?: Record<string, string>; [field: string]: unknown } = {},
): Response {
  const { headers, ...fields } = extra;
  const [status, title] = TITLES[kind];
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${kind}`, title, status, ...fields });
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": cacheControlFor(body), ...headers },
  });
}

/**
 * Next streams every route's answer, so its compression middleware never sees a length and gzips
 * even a two-byte `{}` (a zlib stream set up and torn down per answer: ~0.3 ms of CPU on this
 * machine, bench/api-token.ts --profile). Below 1 KiB, the middleware's own threshold,
 * `no-transform` tells it (and any proxy on the way) to send the JSON as it is; larger answers
 * (a page of connections) are still compressed.
 */
const COMPRESSION_THRESHOLD = 1024;
const cacheControlFor = (body: string) => (body.length < COMPRESSION_THRESHOLD ? "no-store, no-transform" : "no-store");

/** A 400 listing each invalid field, from a zod error. */
export function invalidRequest(error: z.ZodError, where: string): Response {
  const errors = error.issues
    .slice(0, 20)
    .map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
  return problem("invalid-request", { detail: `Invalid ${where}`, errors });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": cacheControlFor(text), ...headers },
  });
}
