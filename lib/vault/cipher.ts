import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM with a random 96-bit IV. Format: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url).
 * The associated data names the row and column a value belongs to, so a ciphertext copied to
 * another row or column fails to open. Failures are VaultError, never a plaintext fallback.
 */

export type VaultKey = { id: string; key: Buffer };
/** First key encrypts; every key decrypts. */
export type KeyRing = readonly VaultKey[];
/** Where a secret lives: SQL table, column and the row's primary key. */
export type SecretLocation = { table: string; column: string; rowId: string };

export type VaultErrorCode = "malformed" | "unknown_key" | "authentication_failed";

export class VaultError extends Error {
  override name = "VaultError";
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(at: SecretLocation): Buffer {
  return Buffer.from(`${at.table}\u0000${at.column}\u0000${at.rowId}`, "utf8");
}

export function encryptWith(ring: KeyRing, plaintext: string, at: SecretLocation): string {
  const current = ring[0];
  if (!current) throw new VaultError("unknown_key", "the key ring is empty");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(associatedData(at));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, current.id, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptWith(ring: KeyRing, sealed: string, at: SecretLocation): string {
  const parts = sealed.split(".");
  const [version, keyId, ivText, bodyText] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !ivText || !bodyText) {
    throw new VaultError("malformed", `${at.table}.${at.column}: not a vault ciphertext`);
  }
  const key = ring.find((k) => k.id === keyId);
  if (!key) throw new VaultError("unknown_key", `${at.table}.${at.column}: sealed with unknown key "${keyId}"`);
  const iv = Buffer.from(ivText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new VaultError("malformed", `${at.table}.${at.column}: truncated ciphertext`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv);
    decipher.setAAD(associatedData(at));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new VaultError("authentication_failed", `${at.table}.${at.column}: ciphertext failed authentication`);
  }
}

/** The key id a ciphertext was sealed with (for rotation), or undefined if it is not one. */
export function sealedKeyId(sealed: string): string | undefined {
  const [version, keyId] = sealed.split(".");
  return version === VERSION ? keyId : undefined;
}

/** The prefix every ciphertext under a key starts with (lets SQL find rows still under old keys). */
export function sealedPrefix(keyId: string): string {
  return `${VERSION}.${keyId}.`;
}
