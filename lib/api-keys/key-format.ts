import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API key is `pcp_live_<prefix>_<secret>`: the recognisable `pcp_live_` lets secret scanners
 * (and people) spot a leaked key, `prefix` (8 base62-ish characters) finds its row, and the secret
 * carries 256 random bits. Only the SHA-256 of the whole key is stored: with that much entropy a
 * fast hash is as safe as a slow one, and verification stays cheap on the hot path.
 */
export const KEY_MARKER = "pcp_live_";
const KEY_PATTERN = /^pcp_live_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export type ParsedKey = { prefix: string; hash: string };

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString("base64url").replace(/[-_]/g, "x").slice(0, 8);
  const key = `${KEY_MARKER}${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The key's prefix and hash, or undefined when it is not shaped like one of our keys. */
export function parseApiKey(key: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]!, hash: hashApiKey(key) } : undefined;
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** What is shown after creation: enough to recognise a key, nothing to use it. */
export function displayPrefix(prefix: string): string {
  return `${KEY_MARKER}${prefix}…`;
}
