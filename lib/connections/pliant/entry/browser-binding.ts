import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Binds a Pliant entry to the browser that arrived with it: `/login` sets this cookie, and the
 * confirm page and its actions refuse without it, so a leaked confirm link is useless elsewhere.
 * The value is an HMAC of the entry id under AUTH_SECRET: nothing extra to store, nothing to guess.
 * Over https the name carries the `__Host-` prefix (Secure, Path=/, no Domain), so a sibling
 * subdomain or a plain-http page cannot plant or overwrite it; over http (local development and
 * tests, as for the session cookie) the prefix would be refused by the browser, so it is left off.
 */
export function entryCookieName(): string {
  return env().APP_URL.startsWith("https://") ? "__Host-pliant_entry" : "pliant_entry";
}
// Path=/ on purpose: after sign-in, Next renders the confirm page inside the sign-in action's own
// POST /sign-in request, which would not carry a cookie scoped to /connect/pliant.
export const ENTRY_COOKIE_PATH = "/";

function mac(entryId: string): string {
  return createHmac("sha256", env().AUTH_SECRET).update(`pliant-entry:${entryId}`).digest("base64url");
}

export function entryCookieValue(entryId: string): string {
  return `${entryId}.${mac(entryId)}`;
}

export function entryCookieOptions(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().APP_URL.startsWith("https://"),
    path: ENTRY_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  };
}

/** True when the cookie the browser sent belongs to exactly this entry. */
export function entryCookieMatches(entryId: string, cookie: string | undefined): boolean {
  if (!cookie) return false;
  const expected = Buffer.from(entryCookieValue(entryId));
  const given = Buffer.from(cookie);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
