import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkEndpointUrl, resolveAllowedAddress } from "./address-policy";

export const DELIVERY_TIMEOUT_MS = 15_000;
const EXCERPT_BYTES = 1024;

export type PostResult = { status: number; excerpt: string; retryAfterSeconds?: number; latencyMs: number };

/** Retry-After as seconds (delta or HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/**
 * POST a signed body. The host is resolved and checked here and the socket connects to exactly
 * that address (a custom lookup), so DNS cannot swap in a private address after the check.
 * Redirects are not followed. Throws on network errors and timeouts.
 */
export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string): Promise<PostResult> {
  const url = checkEndpointUrl(rawUrl);
  const resolved = await resolveAllowedAddress(url.hostname);
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
  const started = performance.now();
  return new Promise<PostResult>((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup,
        timeout: DELIVERY_TIMEOUT_MS,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "partner-connect-webhooks/1",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > 64 * 1024) response.destroy();
        });
        const finish = () =>
          resolve({
            status: response.statusCode ?? 0,
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"),
            retryAfterSeconds: retryAfterSeconds(response.headers["retry-after"]),
            latencyMs: Math.round(performance.now() - started),
          });
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.end(body);
  });
}
