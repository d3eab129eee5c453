import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseRedirectSignature } from "./redirect-signature";

const { privateKey } = generateKeyPairSync("ed25519");
const bytes = sign(null, Buffer.from("1767225600.partner.org"), privateKey);
const b64 = bytes.toString("base64");

describe("v1a: the versioned Base64-encoded Ed25519 signature of a Pliant redirect", () => {
  it("accepts exactly v1a,<standard padded base64 of 64 bytes>", () => {
    expect(parseRedirectSignature(`v1a,${b64}`)).toEqual({ ok: true, signature: bytes });
  });

  it("reads a '+' that arrived as a space (an unencoded query string) as '+'", () => {
    const withPlus = Buffer.alloc(64, 0xfb).toString("base64");
    expect(withPlus).toContain("+");
    expect(parseRedirectSignature(`v1a,${withPlus.replace(/\+/g, " ")}`)).toMatchObject({ ok: true });
  });

  it.each([
    ["unversioned (bare base64)", b64, /unversioned/],
    ["another version", `v1,${b64}`, /unsupported signature version v1/],
    ["a future version", `v2a,${b64}`, /unsupported signature version v2a/],
    ["a garbled version", `x,${b64}`, /malformed signature version/],
    ["base64url alphabet", `v1a,${Buffer.alloc(64, 0xfb).toString("base64url")}`, /base64url/],
    ["unpadded", `v1a,${b64.replace(/=+$/, "")}`, /malformed base64/],
    ["too short", `v1a,${Buffer.alloc(32, 1).toString("base64")}`, /32 bytes, not 64/],
    ["non-canonical trailing bits", `v1a,${b64.slice(0, -3)}B==`, /non-canonical|malformed/],
    ["two signatures", `v1a,${b64} v1a,${b64}`, /malformed/],
    ["garbage", "not a signature", /malformed/],
  ])("refuses %s with a reason", (_name, value, reason) => {
    const parsed = parseRedirectSignature(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});
