import { beforeEach, describe, expect, it } from "vitest";
import { runSweep } from "@/lib/jobs/sweep";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { pliantConnectKit } from "@/test/pliant-connect-kit";
import { createAdmin } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { revokeConnection } from "../revoke";
import { pliantOrganizationFetch } from "./reconcile";

// Revocation seen at Pliant: an organization call answering 403, and the reconcile sweep.
const sandbox = useSandbox();
const { reset, statusInPliant, connectionOf, actionsOf, approve } = pliantConnectKit(sandbox);
const [acme, globex] = PLIANT_ORGANIZATIONS;

beforeEach(reset);

describe("Pliant reconcile", () => {
  it("revoked in Pliant → a 403 on transactions marks it revoked; reconnect reuses the same row", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    const id = (await connectionOf(acme!.id))!.id;
    await sandbox.pliant.post("authorizations/revoke", { organizationId: acme!.id });
    const response = await pliantOrganizationFetch(acme!.id, `transactions?organizationId=${acme!.id}&limit=5`);
    expect(response.status).toBe(403);
    expect(await connectionOf(acme!.id)).toMatchObject({ id, status: "revoked", statusReason: "Revoked in Pliant" });
    expect(await actionsOf(id)).toContain("connection.revoked_remotely");

    expect(await approve(user, acme!.id)).toMatchObject({
      location: expect.stringContaining("status=success") as string,
    });
    expect(await connectionOf(acme!.id)).toMatchObject({ id, status: "active" });
  });

  it("the reconcile sweep marks connections Pliant no longer lists; dashboard Revoke calls Deactivate", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    await approve(user, globex!.id);
    await sandbox.pliant.post("authorizations/revoke", { organizationId: globex!.id });
    const report = await runSweep();
    expect(report.pliant).toEqual({ checked: 2, revoked: 1 });
    expect(await connectionOf(globex!.id)).toMatchObject({ status: "revoked", statusReason: "Revoked in Pliant" });
    expect((await connectionOf(acme!.id))!.status).toBe("active");

    expect(await revokeConnection(user, (await connectionOf(acme!.id))!.id)).toBe("revoked");
    expect(await statusInPliant(acme!.id)).toBe("revoked");
    expect((await sandbox.pliant.counters())["pliant.deactivate"]?.total).toBe(1);
  });

  it("a failed listing revokes nothing; revoked here while Pliant is down → Deactivate left to the sweep", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    await approve(user, globex!.id);
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", status: 503 });
    expect((await runSweep()).pliant).toEqual({ checked: 0, revoked: 0, skipped: "Pliant unavailable" });
    expect((await connectionOf(acme!.id))!.status).toBe("active");
    expect((await connectionOf(globex!.id))!.status).toBe("active");

    await sandbox.pliant.clearFaults();
    await sandbox.pliant.fault({ endpoint: "pliant.deactivate", status: 503 });
    const id = (await connectionOf(acme!.id))!.id;
    expect(await revokeConnection(user, id)).toBe("revoked-remote-pending");
    expect(await connectionOf(acme!.id)).toMatchObject({ status: "revoked", remoteRevocationPending: true });
    expect(await statusInPliant(acme!.id)).toBe("active");

    await sandbox.pliant.clearFaults();
    expect((await runSweep()).remoteRevocations).toEqual({ done: 1, pending: 0 });
    expect(await connectionOf(acme!.id)).toMatchObject({ status: "revoked", remoteRevocationPending: false });
    expect(await statusInPliant(acme!.id)).toBe("revoked");
  });
});
