import { spawn } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connections, pliantEntries, providerTokens } from "@/db/schema";
import { runSweep } from "@/lib/jobs/sweep";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { endPliantCoolDown, onPliantRateLimited, pliantRateLimitStats } from "@/lib/providers/pliant/rate-limit";
import { getProviderStatus } from "../provider-status";
import { workspaces } from "@/db/schema";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { pliantToken } from "@/sandbox/testkit";
import { agePliantToken, createAdmin, startAuthorization } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { acceptPliantLogin } from "./entry/accept";
import { listNewConnectionNotices } from "../new-connection-notice";
import { approvePliantEntry, cancelPliantEntry } from "./approve";
import { pliantOrganizationFetch } from "./reconcile";
import { getPliantAccessToken, pliantFetch } from "./token";
import { revokeConnection } from "../revoke";
import { testConnection } from "../check";

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

type StormResult = { tokenFailures: string[]; distinctTokens: number; statuses: Record<string, number> };

function storm(calls: number): Promise<StormResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "test/workers/pliant-storm.ts", String(calls)],
      { env: process.env },
    );
    // A storm that outlives its test (a timeout) would keep calling the sandbox during the next one.
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!) as StormResult)
        : reject(new Error(`worker exited ${code}`)),
    );
  });
}

/**
 * One token serves every call. Pliant lets 900 calls per IP per 5 minutes through (so does the
 * sandbox); past that a 429 becomes ProviderUnavailable "api rate limit" and the process holds
 * further calls back. More than 900 successes would mean a second token. The only other failures
 * allowed are the requests the sandbox was told to hang: each must end by the portal's own timeout
 * (ProviderUnavailable after PLIANT_TIMEOUT_MS, TimeoutError).
 */
function expectOneTokenServedAll(statuses: Record<string, number>, hung: number) {
  // 1200 calls: more than 900, so a second token would show as more than 900 successes.
  const { 200: ok = 0, ...failures } = statuses;
  const limited = Object.entries(failures).filter(([k]) => k.startsWith("threw ProviderUnavailable: api rate limit"));
  const others = Object.fromEntries(
    Object.entries(failures).filter(([k]) => !k.startsWith("threw ProviderUnavailable: api rate limit")),
  );
  expect(others).toEqual({ "threw ProviderUnavailable: TimeoutError": hung });
  expect(ok + limited.reduce((n, [, v]) => n + v, 0)).toBe(1200 - hung);
  // A hung request never reached the rate limiter: every one of the 900 allowed calls succeeded.
  expect(ok).toBe(900);
}

/** The four processes' results together; every caller in every process got a token, the same one. */
function sum(results: StormResult[]) {
  expect(results.flatMap((r) => r.tokenFailures)).toEqual([]);
  expect(results.map((r) => r.distinctTokens)).toEqual([1, 1, 1, 1]);
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.statuses)) total[k] = (total[k] ?? 0) + n;
  return total;
}

beforeEach(async () => {
  await sandbox.pliant.reset();
  endPliantCoolDown();
  // A fresh token state: no row at all.
  await db().delete(providerTokens).where(eq(providerTokens.provider, "pliant"));
  await db().delete(connections).where(eq(connections.provider, "pliant"));
  // The reset also rewinds the sandbox's clock, so its signed links can repeat those of an earlier test.
  await db()
    .delete(pliantEntries)
    .where(sql`true`);
});

describe("Pliant client-credentials token (real PostgreSQL, sandbox Pliant)", () => {
  it("4 processes × 300 callers at once → exactly 1 token request, 1200 API calls on it; past 90 % of the TTL → exactly 1 more", async () => {
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", hang: true, times: 3 });
    const t0 = Date.now();
    const first = sum(await Promise.all([storm(300), storm(300), storm(300), storm(300)]));
    console.log(
      `Pliant storm, round 1: 1200 calls in ${Date.now() - t0} ms, ${JSON.stringify(first)}, token requests ${await tokenRequests()}`,
    );
    expect(await tokenRequests()).toBe(1);
    expectOneTokenServedAll(first, 3);
    const row = await tokenRow();
    expect(row!.accessToken).toMatch(/^v1\./);
    expect(row!.expiresAt!.getTime() - row!.obtainedAt!.getTime()).toBe(TTL_MS);

    await elapse(0.9 * TTL_MS + 60_000);
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", hang: true, times: 2 });
    const t1 = Date.now();
    const second = sum(await Promise.all([storm(300), storm(300), storm(300), storm(300)]));
    console.log(
      `Pliant storm, round 2 (past 90 % of the TTL): 1200 calls in ${Date.now() - t1} ms, ${JSON.stringify(second)}, token requests ${await tokenRequests()}`,
    );
    expect(await tokenRequests()).toBe(2);
    expectOneTokenServedAll(second, 2);
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
    await db()
      .update(providerTokens)
      .set({ retryAfter: new Date(Date.now() - 1000) })
      .where(eq(providerTokens.provider, "pliant"));
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

  it("stores the quota every token answer announces (Auth0-Client-Quota-Limit); staff see used and remaining per hour and day", async () => {
    // Someone else with the same client takes three tokens first. What we store must follow what
    // Pliant announced (read here from the raw answer), not the sandbox's default 42/100 buckets.
    let announced = "";
    for (let i = 0; i < 3; i++)
      announced = (await pliantToken(sandbox.urls.pliant)).headers.get("auth0-client-quota-limit") ?? "";
    const bucket = (name: string) => {
      const m = new RegExp(`b=${name};q=(\\d+);r=(\\d+);`).exec(announced);
      if (!m) throw new Error(`no ${name} bucket in ${announced}`);
      return { limit: Number(m[1]), remaining: Number(m[2]) };
    };
    const [hour, day] = [bucket("per_hour"), bucket("per_day")];
    await getPliantAccessToken();
    const quota = (await tokenRow())!.quota!;
    // Our own token took one more from each bucket.
    expect(quota.buckets.per_hour).toMatchObject({ limit: hour.limit, remaining: hour.remaining - 1 });
    expect(quota.buckets.per_day).toMatchObject({ limit: day.limit, remaining: day.remaining - 1 });
    const hourReset = Date.parse(quota.buckets.per_hour!.resetAt) - Date.now();
    expect(hourReset).toBeGreaterThan(0);
    expect(hourReset).toBeLessThanOrEqual(3_600_000);
    const status = await getProviderStatus({
      id: "x",
      email: "staff@partner.test",
      name: null,
      role: "partner_staff",
      workspaceId: null,
      workspaceName: null,
    } as never);
    expect(status.pliantQuota.buckets.map((b) => [b.name, b.used, b.remaining])).toEqual([
      ["per_hour", hour.limit - hour.remaining + 1, hour.remaining - 1],
      ["per_day", day.limit - day.remaining + 1, day.remaining - 1],
    ]);
    expect(status.pliantQuota.buckets.map((b) => b.used)).toEqual([4, 4]);
  });

  it("never asks while a bucket is empty: the last token of the hour is announced with r=0, and renewal waits for its reset", async () => {
    // 41 tokens taken by someone else with the same client (e.g. another environment's mistake).
    for (let i = 0; i < 41; i++) expect((await pliantToken(sandbox.urls.pliant)).status).toBe(200);
    await getPliantAccessToken();
    expect((await tokenRow())!.quota!.buckets.per_hour).toMatchObject({ remaining: 0 });
    // Our token is now almost dead (only ours ages: Pliant's hour has not turned).
    await agePliantToken(TTL_MS / 1000 - 10);
    const error = await getPliantAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailable);
    const resetIn = Date.parse((await tokenRow())!.quota!.buckets.per_hour!.resetAt) - Date.now();
    expect(Math.abs((error as ProviderUnavailable).retryAfterMs! - resetIn)).toBeLessThan(2_000);
    expect(await tokenRequests()).toBe(42);
  });

  it("a 429 without Retry-After waits for the reset the quota header announced, not a fixed minute", async () => {
    await sandbox.pliant.fault({
      endpoint: "pliant.token",
      status: 429,
      times: 1,
      headers: { "auth0-client-quota-limit": "b=per_hour;q=42;r=0;t=1200,b=per_day;q=100;r=60;t=40000" },
    });
    const error = await getPliantAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect((error as ProviderUnavailable).retryAfterMs).toBeGreaterThan(1_195_000);
    const row = await tokenRow();
    expect(row!.retryAfter!.getTime() - Date.now()).toBeGreaterThan(1_195_000);
    expect(row!.retryAfter!.getTime() - Date.now()).toBeLessThanOrEqual(1_200_000);
    expect(row!.quota!.buckets.per_hour).toMatchObject({ remaining: 0 });
    await expect(getPliantAccessToken()).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(await tokenRequests()).toBe(1);
  });

  it("a 429 with neither Retry-After nor a quota header waits for the next reset already known", async () => {
    await getPliantAccessToken();
    const hourResetAt = Date.parse((await tokenRow())!.quota!.buckets.per_hour!.resetAt);
    await agePliantToken(TTL_MS / 1000 - 10);
    await sandbox.pliant.fault({ endpoint: "pliant.token", status: 429, times: 1 });
    await expect(getPliantAccessToken()).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(Math.abs((await tokenRow())!.retryAfter!.getTime() - hourResetAt)).toBeLessThan(2_000);
    expect(await tokenRequests()).toBe(2);
  });

  it("the API rate limit: a 429 without Retry-After → this process holds its calls back (bounded), counted for metrics", async () => {
    await getPliantAccessToken();
    const seen: number[] = [];
    const stop = onPliantRateLimited((e) => seen.push(e.coolDownMs));
    const before = pliantRateLimitStats();
    await sandbox.pliant.fault({ endpoint: "pliant.organizations", status: 429, times: 1 });
    const first = await pliantFetch("organizations").catch((e: unknown) => e);
    expect(first).toMatchObject({ name: "ProviderUnavailable", reason: "api rate limit", retryAfterMs: 5_000 });
    // Held back: Pliant is not asked again while cooling down.
    await expect(pliantFetch("organizations")).rejects.toMatchObject({ reason: "api rate limit (cooling down)" });
    expect((await sandbox.pliant.counters())["pliant.organizations"]?.total).toBe(1);
    const after = pliantRateLimitStats();
    expect(after.rateLimited - before.rateLimited).toBe(1);
    expect(after.refusedWhileCoolingDown - before.refusedWhileCoolingDown).toBe(1);
    expect(after.coolingDownUntil).not.toBeNull();
    expect(seen).toEqual([5_000]);
    stop();
    endPliantCoolDown();
    expect((await pliantFetch("organizations")).status).toBe(200);
  });

  it("a 401 renews the token once and retries once", async () => {
    await getPliantAccessToken();
    // The sandbox forgets its tokens on reset: ours is now refused. (Older than 10 s, so renewable.)
    await sandbox.pliant.reset();
    await db()
      .update(providerTokens)
      .set({ obtainedAt: sql`${providerTokens.obtainedAt} - interval '2 minutes'` })
      .where(eq(providerTokens.provider, "pliant"));
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
      await db()
        .update(providerTokens)
        .set({ obtainedAt: sql`${providerTokens.obtainedAt} - interval '2 minutes'` })
        .where(eq(providerTokens.provider, "pliant"));
    };
    await forceA401();
    expect((await pliantFetch("organizations")).status).toBe(200);
    expect(await tokenRequests()).toBe(1);
    await forceA401();
    await expect(pliantFetch("organizations")).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(await tokenRequests()).toBe(0);
    // Once the interval has passed, a 401 may force a renewal again.
    await db()
      .update(providerTokens)
      .set({ lastForcedRenewalAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(providerTokens.provider, "pliant"));
    expect((await pliantFetch("organizations")).status).toBe(200);
    expect(await tokenRequests()).toBe(1);
  });

  it("Test connection: refused for an inactive connection without asking Pliant, and limited per connection", async () => {
    const user = await createAdmin();
    const org = PLIANT_ORGANIZATIONS[0]!.id;
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error("entry refused");
    await approvePliantEntry(user, entry.entryId, entry.cookie);
    const [c] = await db()
      .select()
      .from(connections)
      .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)));
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
    (
      (await sandbox.pliant.get("authorizations")) as { authorizations: { organizationId: string; status: string }[] }
    ).authorizations.find((a) => a.organizationId === id)!.status;
  const connectionOf = async (org: string) =>
    (
      await db()
        .select()
        .from(connections)
        .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)))
    )[0];
  const actionsOf = async (id: string) =>
    (await db().select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.connectionId, id))).map(
      (r) => r.a,
    );

  async function approve(user: Awaited<ReturnType<typeof createAdmin>>, org: string) {
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error(`entry ${entry.kind}`);
    return approvePliantEntry(user, entry.entryId, entry.cookie);
  }

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
    const refused = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, other.workspaceId), eq(auditEvents.action, "connection.refused")));
    expect(refused).toHaveLength(1);

    await sandbox.pliant.fault({ endpoint: "pliant.activate", status: 500, times: 1 });
    expect(await approve(other, globex!.id)).toMatchObject({
      location: expect.stringContaining("status=error") as string,
    });
    // A fresh claim that fails activation is removed (it must not hold the organization); the
    // workspace's history keeps the failure with its reason.
    expect(await connectionOf(globex!.id)).toBeUndefined();
    const [failed] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.workspaceId, other.workspaceId), eq(auditEvents.action, "connection.activation_failed")),
      );
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
      const released = await db()
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.workspaceId, squatter.workspaceId), eq(auditEvents.action, "connection.claim_released")),
        );
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

  const syncFromInPliant = async (id: string) =>
    (
      (await sandbox.pliant.get("authorizations")) as {
        authorizations: { organizationId: string; syncFromDate: string | null }[];
      }
    ).authorizations.find((a) => a.organizationId === id)!.syncFromDate;

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
    const [failed] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.workspaceId, user.workspaceId), eq(auditEvents.action, "connection.activation_failed")),
      );
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
