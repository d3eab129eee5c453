import { and, eq, sum } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connectionCredentials, tokenRefreshStats } from "@/db/schema";
import { runSweep } from "@/lib/jobs/sweep";
import { useRevokeFixtures } from "@/test/revoke-fixtures";
import { getPleoAccessToken } from "./pleo/tokens";
import { revokeConnection } from "./revoke";

const { sandbox, adminWithConnection, rowOf, credentialsOf, deletes } = useRevokeFixtures();

describe("revoking a Pleo connection (real PostgreSQL, sandbox Pleo)", () => {
  it("tells Pleo, deletes the tokens, marks it revoked, audits it", async () => {
    const { user, connection } = await adminWithConnection({ expired: true });
    expect(await revokeConnection(user, connection.id)).toBe("revoked");
    expect(await rowOf(connection.id)).toMatchObject({ status: "revoked", remoteRevocationPending: false });
    expect(await credentialsOf(connection.id)).toBeUndefined();
    expect(await deletes()).toBe(1);
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.connectionId, connection.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["connection.revoked", "connection.remote_revocation_done"]));
    await expect(getPleoAccessToken(connection.id)).rejects.toThrow(/not active/);
  });

  it("when Pleo is down: revoked here at once, remote revocation pending, finished by the sweep", async () => {
    const { user, connection } = await adminWithConnection();
    await sandbox.pleo.fault({ endpoint: "pleo.installations.delete", status: 503 });
    expect(await revokeConnection(user, connection.id)).toBe("revoked-remote-pending");
    expect(await rowOf(connection.id)).toMatchObject({ status: "revoked", remoteRevocationPending: true });
    // The token manager serves nothing for a revoked connection, even though tokens are kept for the retry.
    await expect(getPleoAccessToken(connection.id)).rejects.toThrow(/not active/);

    await sandbox.pleo.clearFaults();
    const report = await runSweep();
    // This file's database holds one pending revocation: this one.
    expect(report.remoteRevocations).toEqual({ done: 1, pending: 0 });
    expect(await rowOf(connection.id)).toMatchObject({ status: "revoked", remoteRevocationPending: false });
    expect(await credentialsOf(connection.id)).toBeUndefined();
    expect(await deletes()).toBe(1);
  });

  it("refuses another workspace's connection and changes nothing", async () => {
    const { connection } = await adminWithConnection();
    const { user: other } = await adminWithConnection();
    expect(await revokeConnection(other, connection.id)).toBe("connection-not-found");
    expect(await revokeConnection(other, "not-a-uuid")).toBe("connection-not-found");
    expect((await rowOf(connection.id)).status).toBe("active");
    expect(await deletes()).toBe(0);
  });
});

describe("keep-alive sweep", () => {
  it("refreshes idle grants exactly once even with two sweeps at the same time", async () => {
    const { connection } = await adminWithConnection();
    const { connection: recent } = await adminWithConnection();
    await db()
      .update(connectionCredentials)
      .set({ refreshTokenIssuedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(connectionCredentials.connectionId, connection.id));
    const [a, b] = await Promise.all([runSweep(), runSweep()]);
    // One idle grant in this file's database, refreshed by exactly one of the two sweeps.
    expect([a.keepAlive.refreshed, b.keepAlive.refreshed].sort()).toEqual([0, 1]);
    const counters = await sandbox.pleo.counters();
    expect(counters["pleo.token"]?.byGrant?.refresh_token).toBe(1);
    expect((await credentialsOf(connection.id))!.refreshTokenIssuedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await credentialsOf(recent.id))!.version).toBe(1);
  });
});

// Last in this file: it leaves a revocation pending, which the sweeps above must not see.
describe("the revocation's token rotation is the token manager's (one Pleo rotation path)", () => {
  const okRefreshes = async () =>
    Number(
      (
        await db()
          .select({ n: sum(tokenRefreshStats.count) })
          .from(tokenRefreshStats)
          .where(and(eq(tokenRefreshStats.provider, "pleo"), eq(tokenRefreshStats.outcome, "ok")))
      )[0]?.n ?? 0,
    );

  it("bumps the credentials version, counts the refresh, keeps no access token", async () => {
    await sandbox.pleo.reset();
    const { user, connection } = await adminWithConnection();
    await sandbox.pleo.fault({ endpoint: "pleo.installations.delete", status: 503 });
    const before = await okRefreshes();
    expect(await revokeConnection(user, connection.id)).toBe("revoked-remote-pending");
    expect(await credentialsOf(connection.id)).toMatchObject({
      version: 2,
      accessToken: null,
      accessTokenExpiresAt: null,
    });
    expect(await okRefreshes()).toBe(before + 1);
    expect((await rowOf(connection.id)).lastRefreshOutcome).toBe("ok");
  });
});
