import { spawn } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connections, pliantEntries, providerTokens } from "@/db/schema";
import { runSweep } from "@/lib/jobs/sweep";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { agePliantToken, createAdmin, startAuthorization } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { acceptPliantLogin } from "./pliant-login";
import { listNewConnectionNotices } from "./new-connection-notice";
import { approvePliantEntry, cancelPliantEntry } from "./pliant-connect";
import { pliantOrganizationFetch } from "./pliant-remote-status";
import { getPliantAccessToken, pliantFetch } from "./pliant-token";
import { revokeConnection } from "./revoke";
import { testConnection } from "./test-connection";

// Everything that uses the one shared provider_tokens row "pliant" lives in this file, so tests
// (and their sandboxes) never race each other for it across parallel test files.
const sandbox = useSandbox();
const TTL_MS = 86_400_000;
const tokenRequests = async () => (await sandbox.pliant.counters())["pliant.token"]?.total ?? 0;
const tokenRow = async () => (await db().select().from(providerTokens).where(eq(providerTokens.provider, "pliant")))[0];

/**
 * Time travel: the sandbox's clock moves forward, and the portal's notion of time moves with it by
 * shifting the stored obtained_at/expires_at back by the same amount (our code reads the real clock).
 */
async function elapse(ms: number) {
  await sandbox.pliant.advanceClock(ms / 1000);
  await agePliantToken(ms / 1000);
}

function storm(calls: number): Promise<{ statuses: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/workers/pliant-storm.ts", String(calls)], { env: process.env });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as { statuses: Record<string, number> }) : reject(new Error(`worker exited ${code}`))));
  });
}

/**
 * One token serves every call: the sandbox lets 900 calls per token per 5 minutes through, so
 * more than 900 successes would mean a second token. Under a loaded machine a few calls may fail
 * on the network (counted, tolerated); none may fail for any other reason.
 */
function expectOneTokenServedAll(statuses: Record<string, number>) {
  const { 200: ok = 0, 429: limited = 0, ...rest } = statuses;
  const networkFailures = Object.entries(rest).filter(([k]) => /^threw ProviderUnavailable: (TypeError|TimeoutError)$/.test(k)).reduce((n, [, v]) => n + v, 0);
  expect(Object.keys(rest).every((k) => k.startsWith("threw ProviderUnavailable: "))).toBe(true);
  expect(ok + limited + networkFailures).toBe(2000);
  expect(ok).toBeLessThanOrEqual(900);
  expect(ok).toBeGreaterThan(800);
  expect(networkFailures).toBeLessThan(200);
}

function sum(results: { statuses: Record<string, number> }[]) {
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.statuses)) total[k] = (total[k] ?? 0) + n;
  return total;
}

beforeEach(async () => {
  await sandbox.pliant.reset();
  // A fresh token state: no row at all.
  await db().delete(providerTokens).where(eq(providerTokens.provider, "pliant"));
  await db().delete(connections).where(eq(connections.provider, "pliant"));
  // The reset also rewinds the sandbox's clock, so its signed links can repeat those of an earlier test.
  await db().delete(pliantEntries).where(sql`true`);
});

describe("Pliant client-credentials token (real PostgreSQL, sandbox Pliant)", () => {
  it("4 processes × 500 API calls → exactly 1 token request; past 90 % of the TTL → exactly 1 more", async () => {
    const t0 = Date.now();
    const first = sum(await Promise.all([storm(500), storm(500), storm(500), storm(500)]));
    console.log(`Pliant storm, round 1: 2000 calls in ${Date.now() - t0} ms, ${JSON.stringify(first)}, token requests ${await tokenRequests()}`);
    expect(await tokenRequests()).toBe(1);
    expectOneTokenServedAll(first);
    const row = await tokenRow();
    expect(row!.accessToken).toMatch(/^v1\./);
    expect(row!.expiresAt!.getTime() - row!.obtainedAt!.getTime()).toBe(TTL_MS);

    await elapse(0.9 * TTL_MS + 60_000);
    const t1 = Date.now();
    const second = sum(await Promise.all([storm(500), storm(500), storm(500), storm(500)]));
    console.log(`Pliant storm, round 2 (past 90 % of the TTL): 2000 calls in ${Date.now() - t1} ms, ${JSON.stringify(second)}, token requests ${await tokenRequests()}`);
    expect(await tokenRequests()).toBe(2);
    expectOneTokenServedAll(second);
  }, 240_000);

  it("serves the stored token until max(10 % of TTL, 5 min) is left", async () => {
    const token = await getPliantAccessToken();
    await elapse(0.89 * TTL_MS);
    expect(await getPliantAccessToken()).toBe(token);
    expect(await tokenRequests()).toBe(1);
    await elapse(0.02 * TTL_MS);
    expect(await getPliantAccessToken()).not.toBe(token);
    expect(await tokenRequests()).toBe(2);
  });

  it("a 429 with Retry-After: no token request by any caller until it has passed", async () => {
    await sandbox.pliant.fault({ endpoint: "pliant.token", status: 429, retryAfterSec: 120, times: 1 });
    await expect(getPliantAccessToken()).rejects.toBeInstanceOf(ProviderUnavailable);
    const row = await tokenRow();
    expect(row!.retryAfter!.getTime() - Date.now()).toBeGreaterThan(110_000);
    const during = await Promise.allSettled(Array.from({ length: 50 }, () => pliantFetch("organizations")));
    expect(during.every((r) => r.status === "rejected" && r.reason instanceof ProviderUnavailable)).toBe(true);
    expect(await tokenRequests()).toBe(1);
    // Retry-After has passed.
    await db().update(providerTokens).set({ retryAfter: new Date(Date.now() - 1000) }).where(eq(providerTokens.provider, "pliant"));
    const response = await pliantFetch("organizations");
    expect(response.status).toBe(200);
    expect(await tokenRequests()).toBe(2);
    expect((await tokenRow())!.retryAfter).toBeNull();
  });

  it("a 429 while the old token still works: keep serving the old token", async () => {
    const token = await getPliantAccessToken();
    await elapse(0.95 * TTL_MS);
    await sandbox.pliant.fault({ endpoint: "pliant.token", status: 429, retryAfterSec: 600 });
    expect(await getPliantAccessToken()).toBe(token);
    expect(await getPliantAccessToken()).toBe(token);
    expect(await tokenRequests()).toBe(2);
  });

  it("a 401 renews the token once and retries once", async () => {
    await getPliantAccessToken();
    // The sandbox forgets its tokens on reset: ours is now refused. (Older than 10 s, so renewable.)
    await sandbox.pliant.reset();
    await db().update(providerTokens).set({ obtainedAt: sql`${providerTokens.obtainedAt} - interval '2 minutes'` }).where(eq(providerTokens.provider, "pliant"));
    const responses = await Promise.all(Array.from({ length: 20 }, () => pliantFetch("organizations")));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await tokenRequests()).toBe(1);
  });
});

describe("the shared Pliant quota", () => {
  it("401s force at most one renewal per interval across the fleet; the next one waits (no token request)", async () => {
    await getPliantAccessToken();
    const forceA401 = async () => {
      // The sandbox forgets its tokens on reset: ours is now refused (and older than 10 s).
      await sandbox.pliant.reset();
      await db().update(providerTokens).set({ obtainedAt: sql`${providerTokens.obtainedAt} - interval '2 minutes'` }).where(eq(providerTokens.provider, "pliant"));
    };
    await forceA401();
    expect((await pliantFetch("organizations")).status).toBe(200);
    expect(await tokenRequests()).toBe(1);
    await forceA401();
    await expect(pliantFetch("organizations")).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(await tokenRequests()).toBe(0);
    // Once the interval has passed, a 401 may force a renewal again.
    await db().update(providerTokens).set({ lastForcedRenewalAt: new Date(Date.now() - 31 * 60_000) }).where(eq(providerTokens.provider, "pliant"));
    expect((await pliantFetch("organizations")).status).toBe(200);
    expect(await tokenRequests()).toBe(1);
  });

  it("Test connection: refused for an inactive connection without asking Pliant, and limited per connection", async () => {
    const user = await createAdmin();
    const org = PLIANT_ORGANIZATIONS[0]!.id;
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error("entry refused");
    await approvePliantEntry(user, entry.entryId);
    const [c] = await db().select().from(connections).where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)));
    const organizationCalls = async () => (await sandbox.pliant.counters())["pliant.organization"]?.total ?? 0;
    const before = await organizationCalls();
    const notices = [];
    for (let i = 0; i < 5; i++) notices.push(await testConnection(user, c!.id));
    expect(notices).toEqual(["test-ok", "test-ok", "test-ok", "test-rate-limited", "test-rate-limited"]);
    expect((await organizationCalls()) - before).toBe(3);
    await db().update(connections).set({ status: "revoked" }).where(eq(connections.id, c!.id));
    expect(await testConnection(user, c!.id)).toBe("test-inactive");
    expect((await organizationCalls()) - before).toBe(3);
  });
});

describe("Pliant connect, revocation and reconcile", () => {
  const [acme, globex] = PLIANT_ORGANIZATIONS;
  const statusInPliant = async (id: string) =>
    ((await sandbox.pliant.get("authorizations")) as { authorizations: { organizationId: string; status: string }[] }).authorizations.find((a) => a.organizationId === id)!.status;
  const connectionOf = async (org: string) => (await db().select().from(connections).where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org))))[0];
  const actionsOf = async (id: string) => (await db().select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.connectionId, id))).map((r) => r.a);

  async function approve(user: Awaited<ReturnType<typeof createAdmin>>, org: string) {
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error(`entry ${entry.kind}`);
    return approvePliantEntry(user, entry.entryId);
  }

  it("Approve → active in both places, named, audited; Cancel → rolled back, nothing linked", async () => {
    const user = await createAdmin();
    const decision = await approve(user, acme!.id);
    expect(decision).toEqual({ location: `${sandbox.urls.pliant}/organizations/${acme!.id}/integrations?status=success` });
    const c = await connectionOf(acme!.id);
    expect(c).toMatchObject({ workspaceId: user.workspaceId, status: "active", externalName: acme!.name, connectedByUserId: user.id });
    expect(await statusInPliant(acme!.id)).toBe("active");
    expect((await actionsOf(c!.id)).sort()).toEqual(["connection.admins_notified", "connection.connected"]);

    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, globex!.id));
    if (entry.kind !== "accepted") throw new Error("entry refused");
    expect(await cancelPliantEntry(user, entry.entryId)).toEqual({ location: `${sandbox.urls.pliant}/organizations/${globex!.id}/integrations?status=error` });
    expect(await connectionOf(globex!.id)).toBeUndefined();
    // Cancel never calls Activate: only the approved organization was activated.
    expect((await sandbox.pliant.counters())["pliant.activate"]?.total).toBe(1);
  });

  it("an organization linked to another workspace is refused; activation failure → error with a reason", async () => {
    const owner = await createAdmin();
    await approve(owner, acme!.id);
    const other = await createAdmin();
    expect(await approve(other, acme!.id)).toMatchObject({ location: expect.stringContaining("status=error") as string });
    expect((await connectionOf(acme!.id))!.workspaceId).toBe(owner.workspaceId);
    const refused = await db().select().from(auditEvents).where(and(eq(auditEvents.workspaceId, other.workspaceId), eq(auditEvents.action, "connection.refused")));
    expect(refused).toHaveLength(1);

    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 500, times: 1 });
    expect(await approve(other, globex!.id)).toMatchObject({ location: expect.stringContaining("status=error") as string });
    // A fresh claim that fails activation is removed (it must not hold the organization); the
    // workspace's history keeps the failure with its reason.
    expect(await connectionOf(globex!.id)).toBeUndefined();
    const [failed] = await db().select().from(auditEvents).where(and(eq(auditEvents.workspaceId, other.workspaceId), eq(auditEvents.action, "connection.activation_failed")));
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
      await db().insert(connections).values({ workspaceId: squatter.workspaceId, provider: "pliant", externalId: acme!.id, status, updatedAt: new Date(Date.now() - 10 * 60_000) });
      const squatted = (await connectionOf(acme!.id))!;
      await db().update(connections).set({ updatedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(connections.id, squatted.id));
      expect(await approve(owner, acme!.id)).toMatchObject({ location: expect.stringContaining("status=success") as string });
      expect(await connectionOf(acme!.id)).toMatchObject({ workspaceId: owner.workspaceId, status: "active" });
      const released = await db().select().from(auditEvents).where(and(eq(auditEvents.workspaceId, squatter.workspaceId), eq(auditEvents.action, "connection.claim_released")));
      expect(released.length).toBeGreaterThanOrEqual(1);
      await db().delete(connections).where(eq(connections.externalId, acme!.id));
    }
    // A claim in flight elsewhere (pending, just now) still blocks.
    await db().insert(connections).values({ workspaceId: squatter.workspaceId, provider: "pliant", externalId: acme!.id, status: "pending" });
    expect(await approve(owner, acme!.id)).toMatchObject({ location: expect.stringContaining("status=error") as string });
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

  it("revoked in Pliant → a 403 on transactions marks it revoked; reconnect reuses the same row", async () => {
    const user = await createAdmin();
    await approve(user, acme!.id);
    const id = (await connectionOf(acme!.id))!.id;
    await sandbox.pliant.post("authorizations/revoke", { organizationId: acme!.id });
    const response = await pliantOrganizationFetch(acme!.id, `transactions?organizationId=${acme!.id}&limit=5`);
    expect(response.status).toBe(403);
    expect(await connectionOf(acme!.id)).toMatchObject({ id, status: "revoked", statusReason: "Revoked in Pliant" });
    expect(await actionsOf(id)).toContain("connection.revoked_remotely");

    expect(await approve(user, acme!.id)).toMatchObject({ location: expect.stringContaining("status=success") as string });
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
