import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connections, workspaces } from "@/db/schema";
import { runSweep } from "@/lib/jobs/sweep";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { pliantConnectKit } from "@/test/pliant-connect-kit";
import { createAdmin, startAuthorization } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { listNewConnectionNotices } from "../new-connection-notice";
import { revokeConnection } from "../revoke";
import { cancelPliantEntry } from "./approve";
import { acceptPliantLogin } from "./entry/accept";

// Approve and Cancel of a Pliant entry: the claim, Activate and what the workspace sees.
const sandbox = useSandbox();
const { reset, statusInPliant, syncFromInPliant, connectionOf, actionsOf, approve } = pliantConnectKit(sandbox);
const [acme, globex] = PLIANT_ORGANIZATIONS;

beforeEach(reset);

/** The workspace's audit events with this action. */
const auditIn = (workspaceId: string, action: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, action)));

describe("Pliant connect: approve, activate, cancel", () => {
  it("Approve → active in both places, named, audited; Cancel → rolled back, nothing linked", async () => {
    const user = await createAdmin();
    const decision = await approve(user, acme!.id);
    expect(decision).toEqual({
      location: `${sandbox.urls.pliant}/organizations/${acme!.id}/integrations?status=success`,
    });
    const c = await connectionOf(acme!.id);
    expect(c).toMatchObject({
      workspaceId: user.workspaceId,
      status: "active",
      externalName: acme!.name,
      connectedByUserId: user.id,
    });
    expect(await statusInPliant(acme!.id)).toBe("active");
    expect((await actionsOf(c!.id)).sort()).toEqual(["connection.admins_notified", "connection.connected"]);

    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, globex!.id));
    if (entry.kind !== "accepted") throw new Error("entry refused");
    expect(await cancelPliantEntry(user, entry.entryId, entry.cookie)).toEqual({
      location: `${sandbox.urls.pliant}/organizations/${globex!.id}/integrations?status=error`,
    });
    expect(await connectionOf(globex!.id)).toBeUndefined();
    // Cancel never calls Activate: only the approved organization was activated.
    expect((await sandbox.pliant.counters())["pliant.activate"]?.total).toBe(1);
  });

  it("an organization linked to another workspace is refused; activation failure → error with a reason", async () => {
    const owner = await createAdmin();
    await approve(owner, acme!.id);
    const other = await createAdmin();
    expect(await approve(other, acme!.id)).toMatchObject({
      location: expect.stringContaining("status=error") as string,
    });
    expect((await connectionOf(acme!.id))!.workspaceId).toBe(owner.workspaceId);
    const refused = await auditIn(other.workspaceId, "connection.refused");
    expect(refused).toHaveLength(1);

    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 500, times: 1 });
    expect(await approve(other, globex!.id)).toMatchObject({
      location: expect.stringContaining("status=error") as string,
    });
    // A fresh claim that fails activation is removed (it must not hold the organization); the
    // workspace's history keeps the failure with its reason.
    expect(await connectionOf(globex!.id)).toBeUndefined();
    const [failed] = await auditIn(other.workspaceId, "connection.activation_failed");
    expect(String(failed!.detail.reason)).toMatch(/Pliant/);
  });

  it("squatting: a claim elsewhere that never activated does not block a later legitimate Approve", async () => {
    const squatter = await createAdmin();
    const owner = await createAdmin();
    // A squatter's claim that fails activation leaves nothing behind …
    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 500, times: 1 });
    await approve(squatter, acme!.id);
    expect(await connectionOf(acme!.id)).toBeUndefined();
    // … and an `error` row elsewhere (from before this rule) or a stale `pending` one is released.
    for (const status of ["error", "pending"] as const) {
      await db()
        .insert(connections)
        .values({
          workspaceId: squatter.workspaceId,
          provider: "pliant",
          externalId: acme!.id,
          status,
          updatedAt: new Date(Date.now() - 10 * 60_000),
        });
      const squatted = (await connectionOf(acme!.id))!;
      await db()
        .update(connections)
        .set({ updatedAt: new Date(Date.now() - 10 * 60_000) })
        .where(eq(connections.id, squatted.id));
      expect(await approve(owner, acme!.id)).toMatchObject({
        location: expect.stringContaining("status=success") as string,
      });
      expect(await connectionOf(acme!.id)).toMatchObject({ workspaceId: owner.workspaceId, status: "active" });
      const released = await auditIn(squatter.workspaceId, "connection.claim_released");
      expect(released.length).toBeGreaterThanOrEqual(1);
      await db().delete(connections).where(eq(connections.externalId, acme!.id));
    }
    // A claim in flight elsewhere (pending, just now) still blocks.
    await db()
      .insert(connections)
      .values({ workspaceId: squatter.workspaceId, provider: "pliant", externalId: acme!.id, status: "pending" });
    expect(await approve(owner, acme!.id)).toMatchObject({
      location: expect.stringContaining("status=error") as string,
    });
    await db().delete(connections).where(eq(connections.externalId, acme!.id));
  });

  it("every new connection is a 'did you start this?' notice for that workspace's admins only", async () => {
    const owner = await createAdmin();
    const other = await createAdmin();
    await approve(owner, acme!.id);
    const notices = await listNewConnectionNotices(owner);
    expect(notices).toEqual([expect.objectContaining({ provider: "pliant", name: acme!.name, by: owner.email })]);
    expect(await listNewConnectionNotices(other)).toEqual([]);
  });

  it("Activate: the published path with the workspace's syncFromDate; a re-activation sends none and Pliant keeps the first", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    // Worked out here, not with syncFromDate itself: the first day of last month (UTC).
    const now = new Date();
    const expected = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    expect(await syncFromInPliant(acme!.id)).toBe(expected);
    expect((await sandbox.pliant.counters())["pliant.activate"]).toMatchObject({ total: 1, byStatus: { "200": 1 } });

    // Another default now; but a reconnect of the same organization keeps what Pliant has.
    await db()
      .update(workspaces)
      .set({ pliantSyncFrom: "first_of_this_month" })
      .where(eq(workspaces.id, user.workspaceId));
    await revokeConnection(user, (await connectionOf(acme!.id))!.id);
    await approve(user, acme!.id);
    expect(await connectionOf(acme!.id)).toMatchObject({ status: "active" });
    expect(await syncFromInPliant(acme!.id)).toBe(expected);

    // "Everything" sends no syncFromDate at all.
    await db()
      .update(workspaces)
      .set({ pliantSyncFrom: "organization_created" })
      .where(eq(workspaces.id, user.workspaceId));
    await approve(user, globex!.id);
    expect(await syncFromInPliant(globex!.id)).toBeNull();
  });

  it("202, 204 and 409 are outcomes, not protocol errors", async () => {
    const user = await createAdmin();
    // 202 on Activate: accepted, completed asynchronously by Pliant → active here.
    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 202, times: 1 });
    expect(await approve(user, acme!.id)).toMatchObject({
      location: expect.stringContaining("status=success") as string,
    });
    expect(await connectionOf(acme!.id)).toMatchObject({ status: "active" });
    // 409 on Activate: locked → status=error; the fresh claim is released, the reason stays in the audit trail.
    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 409, times: 1 });
    expect(await approve(user, globex!.id)).toMatchObject({
      location: expect.stringContaining("status=error") as string,
    });
    expect(await connectionOf(globex!.id)).toBeUndefined();
    const [failed] = await auditIn(user.workspaceId, "connection.activation_failed");
    expect(JSON.stringify(failed!.detail)).toMatch(/locked/);
    // 204 on the organizations listing: no data is not "no organizations": nothing is revoked.
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", status: 204, times: 1 });
    expect((await runSweep()).pliant).toEqual({
      checked: 0,
      revoked: 0,
      skipped: "Pliant returned no organization data",
    });
    expect((await connectionOf(acme!.id))!.status).toBe("active");
    // 409 on Deactivate: locked, try later (pending, not failed).
    await sandbox.pliant.fault({ endpoint: "pliant.deactivate", status: 409, times: 1 });
    expect(await revokeConnection(user, (await connectionOf(acme!.id))!.id)).toBe("revoked-remote-pending");
  });

  it("an organization without a name never blocks activation; the id shows until the reconcile learns the name", async () => {
    const user = await createAdmin();
    await sandbox.pliant.fault({ endpoint: "pliant.organization", status: 204 });
    await approve(user, acme!.id);
    expect(await connectionOf(acme!.id)).toMatchObject({ status: "active", externalName: null });
    await sandbox.pliant.clearFaults();
    // The sweep's listing (organizationId + name) fills it in.
    await db()
      .update(connections)
      .set({ connectedAt: new Date(Date.now() - 60_000) })
      .where(eq(connections.externalId, acme!.id));
    expect((await runSweep()).pliant).toEqual({ checked: 1, revoked: 0, named: 1 });
    expect((await connectionOf(acme!.id))!.externalName).toBe(acme!.name);
  });
});
