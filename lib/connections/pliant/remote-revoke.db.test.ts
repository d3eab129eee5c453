import { beforeEach, describe, expect, it } from "vitest";
import { runSweep } from "@/lib/jobs/sweep";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { pliantConnectKit } from "@/test/pliant-connect-kit";
import { createAdmin } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { getProviderStatus } from "../provider-status";
import { revokeConnection } from "../revoke";

// Deactivate: what the portal does with Pliant's answers when a connection is revoked here.
const sandbox = useSandbox();
const { reset, statusInPliant, connectionOf, approve } = pliantConnectKit(sandbox);
const [acme] = PLIANT_ORGANIZATIONS;

beforeEach(reset);

describe("Pliant remote revocation (Deactivate)", () => {
  it("Deactivate answering 404 is a failure, never 'already revoked': shown with the reason, told to staff, retried by the sweep", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    const id = (await connectionOf(acme!.id))!.id;
    await sandbox.pliant.fault({ endpoint: "pliant.deactivate", status: 404 });
    expect(await revokeConnection(user, id)).toBe("revoked-remote-failed");
    const c = await connectionOf(acme!.id);
    expect(c).toMatchObject({ status: "revoked", remoteRevocationPending: true });
    expect(c!.remoteRevocationError).toMatch(/404/);
    expect(await statusInPliant(acme!.id)).toBe("active");
    const staff = await getProviderStatus({ role: "partner_staff" } as never);
    expect(staff.failedRemoteRevocations.total).toBe(1);
    expect(staff.failedRemoteRevocations.first[0]).toMatchObject({ id, error: expect.stringMatching(/404/) as string });
    expect(staff.assumedFacts.map((f) => f.name)).toContain("DEACTIVATE_AUTHORIZATION");

    expect((await runSweep()).remoteRevocations).toEqual({ done: 0, pending: 1 });
    await sandbox.pliant.clearFaults();
    expect((await runSweep()).remoteRevocations).toEqual({ done: 1, pending: 0 });
    expect(await connectionOf(acme!.id)).toMatchObject({ remoteRevocationPending: false, remoteRevocationError: null });
    expect(await statusInPliant(acme!.id)).toBe("revoked");
    expect((await sandbox.pliant.counters())["pliant.deactivate"]).toMatchObject({
      total: 3,
      byStatus: { "404": 2, "200": 1 },
    });
  });
});
