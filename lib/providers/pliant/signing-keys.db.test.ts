import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PLIANT_ORGANIZATIONS, SANDBOX_DEFAULTS } from "@/sandbox/index";
import { useSandbox } from "@/test/sandbox";
import { forgetSigningKeys, verifyPliantSignature } from "./signing-keys";

const sandbox = useSandbox();
const jwksFetches = async () => (await sandbox.pliant.counters())["pliant.jwks"]?.total ?? 0;
const ORG = PLIANT_ORGANIZATIONS[0]!.id;
const message = (t: number) => `${t}.${SANDBOX_DEFAULTS.pliantPartnerId}.${ORG}`;

async function signed(t: number) {
  const { v1a, kid } = (await sandbox.pliant.post("sign", {
    t,
    organizationId: ORG,
    partnerId: SANDBOX_DEFAULTS.pliantPartnerId,
  })) as { v1a: string; kid: string };
  // The sandbox signs in the documented versioned form, `v1a,<base64>`.
  return { signature: Buffer.from(v1a.replace(/^v1a,/, ""), "base64"), kid };
}
const forged = Buffer.alloc(64, 7);

describe("Pliant's JWKS: cached 10 minutes, refetched on a failed check at most every 30 s", () => {
  beforeAll(async () => {
    await sandbox.pliant.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a storm of forged signatures (and unknown kids) costs at most one JWKS request per 30 s", async () => {
    // Only Date is faked: the portal's clock moves on command, sockets and timers stay real.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    forgetSigningKeys();
    const good = await signed(1_767_225_600);
    expect(await verifyPliantSignature(message(1_767_225_600), good.signature, good.kid)).toBe(true);
    expect(await jwksFetches()).toBe(1);

    // Within 30 s of that fetch: refused from the cache, no request, whatever the kid.
    for (let i = 0; i < 20; i++)
      expect(await verifyPliantSignature(message(1_767_225_600 + i), forged, i % 2 ? "unknown-kid" : good.kid)).toBe(
        false,
      );
    expect(await jwksFetches()).toBe(1);

    // 31 s later: the next failed check refetches once (the key may have rotated), then 30 s of quiet again.
    vi.setSystemTime(Date.now() + 31_000);
    const checks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verifyPliantSignature(message(1_767_300_000 + i), forged, "unknown-kid")),
    );
    expect(checks.every((ok) => ok === false)).toBe(true);
    expect(await jwksFetches()).toBe(2);
    vi.setSystemTime(Date.now() + 29_000);
    expect(await verifyPliantSignature(message(1_767_400_000), forged)).toBe(false);
    expect(await jwksFetches()).toBe(2);

    // A valid signature is served from the cache for 10 minutes, then the keys are fetched afresh.
    expect(await verifyPliantSignature(message(1_767_225_600), good.signature, good.kid)).toBe(true);
    expect(await jwksFetches()).toBe(2);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await verifyPliantSignature(message(1_767_225_600), good.signature, good.kid)).toBe(true);
    expect(await jwksFetches()).toBe(3);
  });
});
