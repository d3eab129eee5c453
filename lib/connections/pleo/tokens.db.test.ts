import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connectionCredentials, connections } from "@/db/schema";
import { ProviderUnavailable, ReauthorizationRequired } from "@/lib/providers/errors";
import type { AdminUser } from "@/lib/auth/guards";
import { createPleoConnection, createWorkspace } from "@/test/pleo-fixtures";
import { useSandbox } from "@/test/sandbox";
import { runWorker } from "@/test/workers/run-worker";
import { getPleoAccessToken, pleoFetch } from "./tokens";
import { getConnectionOrThrow, listAuditTrail } from "../read/queries";

const sandbox = useSandbox();
const refreshCalls = async () => (await sandbox.pleo.counters())["pleo.token"]?.byGrant?.refresh_token ?? 0;
const invalidGrants = async () => (await sandbox.pleo.counters())["pleo.token"]?.byError?.invalid_grant ?? 0;

async function credentialsOf(id: string) {
  const [row] = await db().select().from(connectionCredentials).where(eq(connectionCredentials.connectionId, id));
  return row;
}
async function statusOf(id: string) {
  const [row] = await db().select({ status: connections.status }).from(connections).where(eq(connections.id, id));
  return row?.status;
}

describe("Pleo token manager (real PostgreSQL, sandbox Pleo)", () => {
  beforeEach(async () => {
    await sandbox.pleo.reset();
  });

  it("serves a live access token from the database without calling Pleo", async () => {
    const { workspace } = await createWorkspace();
    const { connection, tokens } = await createPleoConnection(sandbox.pleo, workspace.id);
    const before = await refreshCalls();
    expect(await getPleoAccessToken(connection.id)).toBe(tokens.accessToken);
    expect(await refreshCalls()).toBe(before);
  });

  it("refreshes an expired token once for 200 concurrent callers, stores the rotated pair sealed", async () => {
    const { workspace } = await createWorkspace();
    const { connection, tokens } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
    const results = await Promise.all(Array.from({ length: 200 }, () => getPleoAccessToken(connection.id)));
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(tokens.accessToken);
    expect(await refreshCalls()).toBe(1);
    const row = await credentialsOf(connection.id);
    // Raw columns hold ciphertext only: no token in clear text.
    for (const value of [row!.accessToken!, row!.refreshToken!]) {
      expect(value).toMatch(/^v1\./);
      expect(value).not.toContain(results[0]);
      expect(value).not.toContain(tokens.refreshToken);
    }
    expect(row!.version).toBe(2);
  });

  it("4 processes × 250 concurrent calls over 20 expired connections → exactly 20 refreshes, no invalid_grant", async () => {
    const { workspace } = await createWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await createPleoConnection(sandbox.pleo, workspace.id, { expired: true })).connection.id);
    const before = { refresh: await refreshCalls(), invalid: await invalidGrants() };
    const run = () => runWorker<{ ok: number; failed: string[] }>("pleo-storm.ts", ["250", ...ids]);
    const results = await Promise.all([run(), run(), run(), run()]);
    expect(results.map((r) => r.failed)).toEqual([[], [], [], []]);
    expect(results.reduce((n, r) => n + r.ok, 0)).toBe(1000);
    expect((await refreshCalls()) - before.refresh).toBe(20);
    expect((await invalidGrants()) - before.invalid).toBe(0);
  }, 120_000);

  it.each([
    ["a 500", { status: 500 }],
    ["a 429 with Retry-After", { status: 429, retryAfterSec: 0 }],
  ])(
    "keeps tokens and status through %s from the token endpoint",
    async (_name, fault) => {
      const { workspace } = await createWorkspace();
      const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
      const before = await credentialsOf(connection.id);
      await sandbox.pleo.fault({ endpoint: "pleo.token", ...fault });
      await expect(getPleoAccessToken(connection.id)).rejects.toBeInstanceOf(ProviderUnavailable);
      // The first try and exactly three retries (README: "three retries with backoff").
      expect(await refreshCalls()).toBe(4);
      expect(await statusOf(connection.id)).toBe("active");
      expect((await credentialsOf(connection.id))!.refreshToken).toBe(before!.refreshToken);
      await sandbox.pleo.clearFaults();
      // Nothing was lost: the kept refresh token still works.
      await expect(getPleoAccessToken(connection.id)).resolves.toEqual(expect.any(String));
    },
    30_000,
  );

  it("survives a hanging token endpoint: times out, retries, succeeds, nothing lost", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
    await sandbox.pleo.fault({ endpoint: "pleo.token", hang: true, times: 1 });
    await expect(getPleoAccessToken(connection.id)).resolves.toEqual(expect.any(String));
    expect(await statusOf(connection.id)).toBe("active");
  }, 30_000);

  it("on invalid_grant: needs re-authorization, tokens deleted, audited, never retried", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
    await sandbox.pleo.post("grants/revoke", { subject: "urn:pleo:company:3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11" });
    const before = await refreshCalls();
    await expect(getPleoAccessToken(connection.id)).rejects.toBeInstanceOf(ReauthorizationRequired);
    expect(await statusOf(connection.id)).toBe("needs_reauth");
    expect(await credentialsOf(connection.id)).toBeUndefined();
    const events = await db().select().from(auditEvents).where(eq(auditEvents.connectionId, connection.id));
    expect(events.map((e) => e.action)).toContain("connection.needs_reauth");
    await expect(getPleoAccessToken(connection.id)).rejects.toThrow(/not active/);
    expect((await refreshCalls()) - before).toBe(1);
    // Its access token had expired: Pleo's installation cannot be told anything, and is not tried.
    expect((await sandbox.pleo.counters())["pleo.installations.update"]).toBeUndefined();
  });

  it("needs re-authorization while the last access token still lives → Pleo's installation hears ERROR / AUTH_ERROR", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
    // Due for refresh (under a minute left here), still accepted by Pleo; the refresh token died idle.
    await db()
      .update(connectionCredentials)
      .set({ accessTokenExpiresAt: new Date(Date.now() + 30_000) })
      .where(eq(connectionCredentials.connectionId, connection.id));
    await sandbox.pleo.post("grants/expire", { subject: "urn:pleo:company:3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11" });
    await expect(getPleoAccessToken(connection.id)).rejects.toBeInstanceOf(ReauthorizationRequired);
    expect(await statusOf(connection.id)).toBe("needs_reauth");
    const { installations } = (await sandbox.pleo.get("installations")) as {
      installations: { status: string; errorCode: string | null; history: string[] }[];
    };
    expect(installations).toHaveLength(1);
    expect(installations[0]).toMatchObject({
      status: "ERROR",
      errorCode: "AUTH_ERROR",
      history: ["AUTHORIZED", "ERROR:AUTH_ERROR"],
    });
    expect((await sandbox.pleo.counters())["pleo.installations.update"]).toMatchObject({
      total: 1,
      byStatus: { "200": 1 },
    });
    const events = await db().select().from(auditEvents).where(eq(auditEvents.connectionId, connection.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["connection.needs_reauth", "installation.error_reported"]),
    );
  });

  it("drop after commit: Pleo rotated but the answer was lost → the retry is a reuse, the grant dies, the connection asks for re-authorization", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id, { expired: true });
    await sandbox.pleo.fault({ endpoint: "pleo.token", dropAfterCommit: true, times: 1 });
    await expect(getPleoAccessToken(connection.id)).rejects.toBeInstanceOf(ReauthorizationRequired);
    // The lost answer, then one retry with the old refresh token, which Pleo takes for reuse.
    expect(await refreshCalls()).toBe(2);
    expect(await invalidGrants()).toBe(1);
    // What the dashboard shows (its DTO) and the connection's audit trail carry the reason.
    const admin: AdminUser = {
      id: connection.connectedByUserId ?? "",
      email: "",
      name: null,
      role: "customer_admin",
      workspaceId: workspace.id,
      workspaceName: workspace.name,
    };
    const shown = await getConnectionOrThrow(admin, connection.id);
    expect(shown).toMatchObject({
      status: "needs_reauth",
      statusReason: "Pleo refused the refresh token (invalid_grant)",
      hasTokens: false,
    });
    const trail = await listAuditTrail(admin, connection.id);
    expect(trail.map((e) => [e.action, e.detail])).toEqual([["connection.needs_reauth", { reason: "invalid_grant" }]]);
  });

  it("pleoFetch refreshes once on a 401 and retries", async () => {
    const { workspace } = await createWorkspace();
    const { connection } = await createPleoConnection(sandbox.pleo, workspace.id);
    await sandbox.pleo.fault({ endpoint: "pleo.api.introspect", status: 401, times: 1 });
    const response = await pleoFetch(connection.id, "v1/introspect");
    expect(response.status).toBe(200);
    expect(await refreshCalls()).toBe(1);
  });
});
