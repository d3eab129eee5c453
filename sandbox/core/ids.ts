import { createHash, randomBytes } from "node:crypto";

/** Opaque random token; the prefix only helps a human tell token kinds apart in debugging. */
export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** State keys tokens by hash, so a dump of sandbox memory never shows usable tokens. */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** UUID-shaped id derived from a seed, so demo data is identical on every start. */
export function seededUuid(seed: string): string {
  const h = sha256(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic pseudo-random integer in [0, n) for demo data. */
export function seededInt(seed: string, n: number): number {
  return parseInt(sha256(seed).slice(0, 8), 16) % n;
}
