import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptWith, encryptWith, sealedKeyId, VaultError, type KeyRing } from "./cipher";

const keyA = { id: "a", key: randomBytes(32) };
const keyB = { id: "b", key: randomBytes(32) };
const ring: KeyRing = [keyA];
const at = { table: "connection_credentials", column: "refresh_token", rowId: "row-1" };

function expectVaultError(fn: () => unknown, code: VaultError["code"]) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe(code);
    return;
  }
  throw new Error("expected a VaultError");
}

describe("vault cipher", () => {
  it("round-trips, with a fresh IV every time", () => {
    const one = encryptWith(ring, "secret-token", at);
    const two = encryptWith(ring, "secret-token", at);
    expect(one).not.toBe(two);
    expect(one).not.toContain("secret-token");
    expect(decryptWith(ring, one, at)).toBe("secret-token");
    expect(sealedKeyId(one)).toBe("a");
  });

  it("refuses a ciphertext with one flipped bit", () => {
    const sealed = encryptWith(ring, "secret-token", at);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 0x01;
    parts[3] = body.toString("base64url");
    expectVaultError(() => decryptWith(ring, parts.join("."), at), "authentication_failed");
  });

  it("refuses a ciphertext moved to another row or column (associated data)", () => {
    const sealed = encryptWith(ring, "secret-token", at);
    expectVaultError(() => decryptWith(ring, sealed, { ...at, rowId: "row-2" }), "authentication_failed");
    expectVaultError(() => decryptWith(ring, sealed, { ...at, column: "access_token" }), "authentication_failed");
  });

  it("refuses an unknown key id and malformed input, never returning plaintext", () => {
    const sealed = encryptWith([keyB], "secret-token", at);
    expectVaultError(() => decryptWith(ring, sealed, at), "unknown_key");
    expectVaultError(() => decryptWith(ring, "secret-token", at), "malformed");
    expectVaultError(() => decryptWith(ring, "v1.a.short.x", at), "malformed");
  });

  it("decrypts with any key of the ring and encrypts with the first", () => {
    const old = encryptWith([keyA], "t", at);
    const rotated: KeyRing = [keyB, keyA];
    expect(decryptWith(rotated, old, at)).toBe("t");
    expect(sealedKeyId(encryptWith(rotated, "t", at))).toBe("b");
  });
});
