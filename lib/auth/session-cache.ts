import "server-only";
import { createHash } from "node:crypto";
import { setBounded } from "@/lib/bounded-map";

/**
 * Session tokens this process has already decrypted, so a signed-in page does not decrypt the
 * same cookie again on every request.
 *
 * Why: Auth.js's session token is a JWE (A256CBC-HS512 under a key derived with HKDF per call).
 * Decrypting it cost ~1.2 ms of CPU per signed-in page on the production server, the largest part of a
 * dashboard render that was ours (issue #11 item 9, BENCHMARKS.md "Dashboard render cost").
 *
 * Why this is safe: the token is authenticated encryption, so the same cookie always decrypts to
 * the same claims, and a remembered one is used only until its own `exp` (no clock tolerance here:
 * within the last seconds the full decode decides, with its tolerance). Everything that can end a
 * session earlier is checked on every request as before: the user row and its session version
 * (lib/auth/guards.ts). Only tokens that decrypted are remembered; a bad one is decrypted, refused
 * and logged every time. Keys are SHA-256 digests of the cookie, never the cookie itself.
 */
export type SessionClaims = { sub: string; sv: number | undefined };

const MAX_REMEMBERED = 10_000;

type Remembered = { claims: SessionClaims; expiresAt: number };
const globalForSessions = globalThis as unknown as { portalDecodedSessions?: Map<string, Remembered> };
const remembered = (globalForSessions.portalDecodedSessions ??= new Map<string, Remembered>());

/**
 * The key of a request's session: every cookie whose name starts with `name`, as Auth.js reads them
 * (it splits a long token into `name.0`, `name.1`, …), in the order sent. What Auth.js decodes is
 * a function of exactly these cookies, so one key always stands for one outcome. Undefined when
 * there is no such cookie.
 */
export function sessionCacheKey(cookieHeader: string, name: string): string | undefined {
  let parts = "";
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const cookieName = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value && cookieName.startsWith(name)) parts += `${cookieName}=${value};`;
  }
  return parts ? createHash("sha256").update(parts).digest("base64url") : undefined;
}

export function rememberedSession(key: string): SessionClaims | undefined {
  const entry = remembered.get(key);
  if (!entry) return undefined;
  if (Date.now() >= entry.expiresAt) {
    remembered.delete(key);
    return undefined;
  }
  return entry.claims;
}

/** Remembers claims until `exp` (seconds since the epoch); a token without one is not remembered. */
export function rememberSession(key: string, claims: SessionClaims, exp: unknown): void {
  if (typeof exp !== "number") return;
  setBounded(remembered, key, { claims, expiresAt: exp * 1000 }, MAX_REMEMBERED);
}
