import { REDIRECT_SIGNATURE } from "./contract";

/**
 * The `v1a` parameter of Pliant's signed redirect: "a versioned Base64-encoded Ed25519 signature"
 * (contract.ts REDIRECT_SIGNATURE, REDIRECT_SIGNATURE_SERIALIZATION). Accepted exactly as
 * `v1a,<standard padded base64 of 64 bytes>`; anything else is refused with a reason for the log.
 */
export type ParsedRedirectSignature = { ok: true; signature: Buffer } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseRedirectSignature(raw: string): ParsedRedirectSignature {
  const { version, separator, bytes } = REDIRECT_SIGNATURE.value;
  // A "+" that Pliant did not percent-encode reaches us as a space; base64 never contains spaces.
  const value = raw.replace(/ /g, "+");
  const comma = value.indexOf(separator);
  if (comma < 0)
    return {
      ok: false,
      reason:
        BASE64.test(value) && value.length % 4 === 0
          ? `unversioned signature (expected ${version}${separator}<base64>)`
          : "malformed signature",
    };
  const given = value.slice(0, comma);
  if (given !== version)
    return {
      ok: false,
      reason: /^v\d+[a-z]?$/.test(given) ? `unsupported signature version ${given}` : "malformed signature version",
    };
  const b64 = value.slice(comma + 1);
  if (/[-_]/.test(b64)) return { ok: false, reason: "base64url alphabet (the documented form is standard base64)" };
  if (!BASE64.test(b64) || b64.length % 4 !== 0)
    return { ok: false, reason: "malformed base64 (standard alphabet, padded)" };
  const signature = Buffer.from(b64, "base64");
  // Canonical encoding only: the same bytes must encode back to exactly what was sent.
  if (signature.toString("base64") !== b64) return { ok: false, reason: "non-canonical base64" };
  if (signature.length !== bytes) return { ok: false, reason: `signature is ${signature.length} bytes, not ${bytes}` };
  return { ok: true, signature };
}
