import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { providerTokens } from "@/db/schema";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { endPliantCoolDown, onPliantRateLimited, pliantRateLimitStats } from "@/lib/providers/pliant/rate-limit";
import { pliantToken } from "@/sandbox/testkit";
import { pliantConnectKit } from "@/test/pliant-connect-kit";
import { agePliantToken } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { runWorker } from "@/test/workers/run-worker";
import { getProviderStatus } from "../provider-status";
import { getPliantAccessToken, pliantFetch } from "./token";

// The shared client-credentials token. Connect, reconcile and remote revocation are tested beside
// their modules (approve, reconcile, remote-revoke); each test file has its own database and sandbox.
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

const storm = (calls: number) => runWorker<StormResult>("pliant-storm.ts", [String(calls)]);

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

beforeEach(pliantConnectKit(sandbox).reset);

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
});
