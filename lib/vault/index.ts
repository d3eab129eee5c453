import "server-only";
import { env } from "@/lib/env";
import { decryptWith, encryptWith, type SecretLocation } from "./cipher";

export { VaultError, type SecretLocation } from "./cipher";

/** Seal a secret for one row and column with the current key (the only way secrets are written). */
export function sealSecret(plaintext: string, at: SecretLocation): string {
  return encryptWith(env().TOKEN_ENCRYPTION_KEYS, plaintext, at);
}

/** Open a secret sealed for exactly this row and column; throws VaultError otherwise. */
export function openSecret(sealed: string, at: SecretLocation): string {
  return decryptWith(env().TOKEN_ENCRYPTION_KEYS, sealed, at);
}
