import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A single-use link secret: 256 random bits for the link, only its SHA-256 for the database. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A link token as it may appear in a URL; anything else is refused before any lookup. */
export function isWellFormedLinkToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
