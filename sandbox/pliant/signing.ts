import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from "node:crypto";
import type { SandboxConfig } from "../options";

export const SIGNING_KID = "sandbox-2026";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

/** A fresh Ed25519 key per start: the portal must fetch the JWKS, never hard-code a key. */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    kid: SIGNING_KID,
    privateKey,
    publicJwk: { ...publicKey.export({ format: "jwk" }), kid: SIGNING_KID, use: "sig", alg: "EdDSA" },
  };
}

/**
 * The `v1a` value: "a versioned Base64-encoded Ed25519 signature" over `<t>.<partnerId>.<organizationId>`
 * (redirectUrl is not signed), serialized as Standard Webhooks versions signatures: `v1a,<base64>`.
 */
export function signPliantRedirect(
  privateKey: KeyObject,
  t: number | string,
  partnerId: string,
  organizationId: string,
): string {
  return `v1a,${sign(null, Buffer.from(`${t}.${partnerId}.${organizationId}`, "utf8"), privateKey).toString("base64")}`;
}

/** The URL Pliant sends the admin's browser to when they authorize the partner. */
export function partnerLoginUrl(
  config: SandboxConfig,
  key: SigningKey,
  origin: string,
  organizationId: string,
  nowSec: number,
): string {
  const url = new URL(config.pliantPartnerLoginUrl);
  url.searchParams.set("organizationId", organizationId);
  url.searchParams.set("redirectUrl", `${origin}/organizations/${organizationId}/integrations`);
  url.searchParams.set("partnerId", config.pliantPartnerId);
  url.searchParams.set("t", String(nowSec));
  url.searchParams.set("v1a", signPliantRedirect(key.privateKey, nowSec, config.pliantPartnerId, organizationId));
  return url.toString();
}
