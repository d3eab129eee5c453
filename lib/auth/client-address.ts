import "server-only";
import { env } from "@/lib/env";

/**
 * The header in which the server puts the TCP peer's address (lib/auth/socket-address.ts), replacing
 * whatever a client sent under that name. Next's route handlers and server actions give no socket.
 */
export const SOCKET_ADDRESS_HEADER = "x-portal-socket-address";

/** What every request without a known peer address shares: one bucket, so never a way around a limit. */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The caller's address for throttling. The chain is X-Forwarded-For's entries followed by the
 * socket's peer; each trusted proxy appends the address it received from, so the client is the
 * entry `trustedHops` from the right. Entries further left are whatever the client wrote: never used.
 * With 0 hops (the default) it is the socket's peer; a chain shorter than promised gives its leftmost.
 */
export function clientAddressOf(headers: Headers, trustedHops = env().TRUSTED_PROXY_HOPS): string {
  const peer = headers.get(SOCKET_ADDRESS_HEADER)?.trim();
  if (!peer) return UNKNOWN_ADDRESS;
  if (trustedHops === 0) return peer;
  const forwarded = (headers.get(SOCKET_FORWARDED_FOR_HEADER) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!.slice(0, 64);
}

/** X-Forwarded-For exactly as it arrived on the socket (Next fills in its own when there is none). */
export const SOCKET_FORWARDED_FOR_HEADER = "x-portal-forwarded-for";
