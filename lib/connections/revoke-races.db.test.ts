import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { runSweep } from "@/lib/jobs/sweep";
import { grantFromSandbox } from "@/test/pleo-fixtures";
import { useRevokeFixtures } from "@/test/revoke-fixtures";
import { storeTokens } from "./credentials";
import { refreshPleoAccessToken } from "./pleo/tokens";
import { finishRemoteRevocation, revokeConnection } from "./revoke";

const { sandbox, adminWithConnection, rowOf, deletes } = useRevokeFixtures();

describe("remote revocation races and lock order (real PostgreSQL, sandbox Pleo)", () => {
  it("a reconnect while the remote revocation is pending is not revoked at the provider by a sweep that listed the row earlier", async () => {
    const { user, connection } = await adminWithConnection();
    await sandbox.pleo.fault({ endpoint: "pleo.installations.delete", status: 503 });
    expect(await revokeConnection(user, connection.id)).toBe("revoked-remote-pending");
    await sandbox.pleo.clearFaults();
    // The sweep has read the row (revoked, pending) …
    const listed = await rowOf(connection.id);
    // … then the admin reconnects: a fresh grant, active, nothing pending (what the Pleo callback stores).
    const fresh = await grantFromSandbox(sandbox.pleo);
    await db().transaction(async (tx) => {
      await tx
        .update(connections)
        .set({ status: "active", statusReason: null, remoteRevocationPending: false })
        .where(eq(connections.id, connection.id));
      await storeTokens(tx, connection.id, fresh);
    });
    // … and only now gets to the provider call.
    expect(await finishRemoteRevocation(listed, { label: "sweep" })).toBe(true);
    expect(await deletes()).toBe(0);
    expect(await rowOf(connection.id)).toMatchObject({ status: "active", remoteRevocationPending: false });
    // The fresh grant still works at Pleo.
    expect(await refreshPleoAccessToken(connection.id)).toEqual(expect.any(String));
    expect((await runSweep()).remoteRevocations.done).toBeGreaterThanOrEqual(0);
    expect(await deletes()).toBe(0);
  });

  it("revoke and refresh of the same connection at once never deadlock (30 rounds)", async () => {
    // A slow token endpoint keeps the refresh inside its transaction while the revoke arrives.
    await sandbox.pleo.fault({ endpoint: "pleo.token", latencyMs: 60 });
    const problems: string[] = [];
    for (let round = 0; round < 30; round++) {
      const { user, connection } = await adminWithConnection({ expired: true });
      const [refresh, revoke] = await Promise.allSettled([
        refreshPleoAccessToken(connection.id),
        new Promise((r) => setTimeout(r, 20)).then(() => revokeConnection(user, connection.id)),
      ]);
      for (const outcome of [refresh, revoke]) {
        if (outcome.status === "rejected") {
          const error = outcome.reason as { code?: string; name?: string; cause?: { code?: string } };
          // A refresh that finds the connection already revoked is an answer; a deadlock (40P01) is not.
          if (error.name !== "ConnectionUnusable")
            problems.push(`round ${round}: ${error.code ?? error.cause?.code ?? error.name}`);
        }
      }
      if (revoke.status === "fulfilled") expect(["revoked", "revoked-remote-pending"]).toContain(revoke.value);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
