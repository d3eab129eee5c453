import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connections, tokenRefreshStats, workspaces } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { ConnectionStatus, ProviderName } from "./dto";
import { parseListParams, type ListParams } from "./list-params";
import { findVisibleConnection } from "./queries";
import { getRefreshChart } from "./refresh-chart";
import { countConnections, listConnectionPage, listWorkspaceOptions } from "./staff-queries";
import { listStatusHistory } from "../status-history";

// Other test files share this database, so every assertion is scoped to this file's own rows:
// by workspace, or by the run tag in every name.
const tag = `kst${randomUUID().slice(0, 8)}`;
const STATUSES: ConnectionStatus[] = ["active", "pending", "needs_reauth", "revoked", "error"];
type Row = {
  id: string;
  workspaceId: string;
  provider: ProviderName;
  status: ConnectionStatus;
  externalId: string;
  externalName: string;
  createdAt: Date;
};
const rows: Row[] = [];
let a: { id: string; name: string };
let b: { id: string; name: string };
const staff: SessionUser = {
  id: randomUUID(),
  email: "staff@test",
  name: null,
  role: "partner_staff",
  workspaceId: null,
  workspaceName: null,
};
const adminOf = (ws: { id: string; name: string }): SessionUser => ({
  id: randomUUID(),
  email: "admin@test",
  name: null,
  role: "customer_admin",
  workspaceId: ws.id,
  workspaceName: ws.name,
});

/** The order the dashboard promises: newest first, id breaking ties. */
const byKeyDesc = (x: Row, y: Row) =>
  y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0);

async function walk(
  user: SessionUser,
  filters: ListParams,
  pageSize: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let params: ListParams = { ...filters };
  for (let pages = 1; ; pages++) {
    const page = await listConnectionPage(user, params, pageSize);
    ids.push(...page.rows.map((r) => r.id));
    if (!page.next) return { ids, pages };
    params = { ...filters, after: page.next };
  }
}

beforeAll(async () => {
  [a, b] = (await db()
    .insert(workspaces)
    .values([{ name: `${tag} Alpha` }, { name: `${tag} Beta` }])
    .returning({ id: workspaces.id, name: workspaces.name })) as [typeof a, typeof b];
  const base = Date.UTC(2025, 5, 1);
  for (let i = 0; i < 61; i++) {
    const ws = i % 3 === 0 ? b : a;
    // Groups of four share one instant: pagination must break ties by id without gaps.
    rows.push({
      id: randomUUID(),
      workspaceId: ws.id,
      provider: i % 2 ? "pliant" : "pleo",
      status: STATUSES[i % STATUSES.length]!,
      externalId: `ext-${tag}-${i}`,
      externalName: `${tag} ${i % 5 === 0 ? "Nordlys" : "Brightwater"} ${i}${i === 7 ? " 100%_off" : ""}`,
      createdAt: new Date(base + Math.floor(i / 4) * 60_000),
    });
  }
  await db().insert(connections).values(rows);
  const target = rows.find((r) => r.workspaceId === a.id)!;
  await db()
    .insert(auditEvents)
    .values(
      (
        [
          "connection.connected",
          "connection.tested",
          "connection.needs_reauth",
          "connection.needs_reauth",
          "connection.reconnected",
          "connection.revoked",
        ] as const
      ).map((action, i) => ({
        action,
        actorLabel: i === 5 ? "admin@test" : "system",
        workspaceId: a.id,
        connectionId: target.id,
        at: new Date(base + i * 1000),
      })),
    );
});

describe("staff list: filters and search", () => {
  it("staff see every workspace; the workspace filter narrows to one", async () => {
    const all = await walk(staff, { q: tag }, 100);
    expect(new Set(all.ids)).toEqual(new Set(rows.map((r) => r.id)));
    const onlyB = await walk(staff, { q: tag, workspaceId: b.id }, 100);
    expect(new Set(onlyB.ids)).toEqual(new Set(rows.filter((r) => r.workspaceId === b.id).map((r) => r.id)));
  });

  it("provider and status filters combine", async () => {
    const { rows: found } = await listConnectionPage(staff, { q: tag, provider: "pliant", status: "error" }, 100);
    const expected = rows.filter((r) => r.provider === "pliant" && r.status === "error");
    expect(expected.length).toBeGreaterThan(0);
    expect(found.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
  });

  it("search matches a name case-insensitively, an exact account id, or a connection id; wildcards are literal", async () => {
    const nordlys = await walk(staff, { q: `${tag} NORDLYS`.toLowerCase() }, 100);
    expect(nordlys.ids.sort()).toEqual(
      rows
        .filter((r) => r.externalName.includes("Nordlys"))
        .map((r) => r.id)
        .sort(),
    );
    const target = rows[12]!;
    expect((await listConnectionPage(staff, { q: target.externalId })).rows.map((r) => r.id)).toEqual([target.id]);
    expect((await listConnectionPage(staff, { q: target.id })).rows.map((r) => r.id)).toEqual([target.id]);
    expect((await listConnectionPage(staff, { q: "100%_off" })).rows.map((r) => r.id)).toEqual([rows[7]!.id]);
    expect((await listConnectionPage(staff, { q: `${tag}%` })).rows).toEqual([]);
  });
});

describe("keyset pagination", () => {
  it("walks forward through every row exactly once, in (created_at, id) order, ties included", async () => {
    const { ids, pages } = await walk(staff, { q: tag }, 7);
    expect(pages).toBe(9);
    expect(ids).toEqual([...rows].sort(byKeyDesc).map((r) => r.id));
  });

  it("walks back with Previous to the same pages, and says where the ends are", async () => {
    const forward: string[][] = [];
    let page = await listConnectionPage(staff, { q: tag }, 10);
    expect(page.previous).toBeUndefined();
    forward.push(page.rows.map((r) => r.id));
    while (page.next) {
      page = await listConnectionPage(staff, { q: tag, after: page.next }, 10);
      forward.push(page.rows.map((r) => r.id));
    }
    expect(page.rows).toHaveLength(1);
    // From the last page back to the first, using only `before` cursors.
    const backward: string[][] = [page.rows.map((r) => r.id)];
    while (page.previous) {
      page = await listConnectionPage(staff, { q: tag, before: page.previous }, 10);
      backward.unshift(page.rows.map((r) => r.id));
    }
    expect(page.next).toBeDefined();
    expect(backward.flat()).toEqual(forward.flat());
    expect(backward.slice(1)).toEqual(forward.slice(1));
  });

  it("keeps filters across pages", async () => {
    const { ids } = await walk(staff, { q: tag, provider: "pleo", workspaceId: a.id }, 3);
    expect(ids).toEqual(
      rows
        .filter((r) => r.provider === "pleo" && r.workspaceId === a.id)
        .sort(byKeyDesc)
        .map((r) => r.id),
    );
  });
});

describe("counts and chart", () => {
  it("counts per status and provider add up, and include this file's rows", async () => {
    const c = await countConnections(staff);
    expect(Object.values(c.byStatus).reduce((s, n) => s + n, 0)).toBe(c.total);
    expect(Object.values(c.byProvider).reduce((s, n) => s + n, 0)).toBe(c.total);
    // This file's database holds only this file's rows.
    for (const s of STATUSES) expect(c.byStatus[s]).toBe(rows.filter((r) => r.status === s).length);
  });

  it("the refresh chart has seven days, today last, zeros where nothing happened", async () => {
    await db()
      .insert(tokenRefreshStats)
      .values({
        day: sql`(now() at time zone 'utc')::date - 2`,
        provider: "pleo",
        outcome: `refused_${tag}`,
        count: 5,
      });
    const chart = await getRefreshChart(staff);
    expect(chart).toHaveLength(7);
    expect(chart.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    expect(chart.at(-3)!.refused).toBe(5);
    await expect(getRefreshChart(adminOf(a))).rejects.toThrow();
  });
});

describe("an admin's reads stay inside their workspace", () => {
  const foreign = () => rows.find((r) => r.workspaceId === b.id)!;

  it("whatever the filters or search ask for", async () => {
    const admin = adminOf(a);
    const own = new Set(rows.filter((r) => r.workspaceId === a.id).map((r) => r.id));
    const everything = await walk(admin, {}, 50);
    expect(new Set(everything.ids)).toEqual(own);
    expect((await listConnectionPage(admin, { workspaceId: b.id })).rows).toEqual([]);
    expect((await listConnectionPage(admin, { q: foreign().id })).rows).toEqual([]);
    expect((await listConnectionPage(admin, { q: foreign().externalId })).rows).toEqual([]);
    expect(await findVisibleConnection(admin, foreign().id)).toBeUndefined();
    await expect(listStatusHistory(admin, foreign().id)).rejects.toThrow();
    expect(await listWorkspaceOptions(admin)).toEqual([a]);
  });

  it("counts only their own connections", async () => {
    const c = await countConnections(adminOf(a));
    expect(c.total).toBe(rows.filter((r) => r.workspaceId === a.id).length);
    for (const s of STATUSES)
      expect(c.byStatus[s]).toBe(rows.filter((r) => r.workspaceId === a.id && r.status === s).length);
  });
});

describe("status history", () => {
  it("is derived from the audit trail: changes only, oldest first", async () => {
    const target = rows.find((r) => r.workspaceId === a.id)!;
    const history = await listStatusHistory(adminOf(a), target.id);
    expect(history.map((h) => h.status)).toEqual(["active", "needs_reauth", "active", "revoked"]);
    expect(history.at(-1)!.actor).toBe("admin@test");
  });
});

describe("URL parameters", () => {
  it("keeps good values, ignores and names bad ones, never throws", () => {
    const cursor = { at: "2025-06-01T00:00:00.123456Z", id: rows[0]!.id };
    const { params } = parseListParams({ provider: "pleo", status: "error", workspace: a.id, q: "  nord  " });
    expect(params).toEqual({ provider: "pleo", status: "error", workspaceId: a.id, q: "nord" });
    const bad = parseListParams({
      provider: "stripe",
      status: ["x"],
      workspace: "1 or 1=1",
      after: "garbage",
      q: "x".repeat(500),
    });
    expect(bad.params).toEqual({});
    expect(bad.ignored.sort()).toEqual(["after", "provider", "q", "status", "workspace"]);
    const withCursor = parseListParams({ after: Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url") });
    expect(withCursor.params.after).toEqual(cursor);
    expect(parseListParams({ after: "x", before: "y" }).params).toEqual({});
  });
});

describe("connection counts kept by triggers", () => {
  it("follow inserts, status changes, moves and deletes exactly, in one statement or many", async () => {
    const { db } = await import("@/db/client");
    const { connections, connectionCounts, workspaces } = await import("@/db/schema");
    const { and, eq, sql, inArray } = await import("drizzle-orm");
    const { randomUUID } = await import("node:crypto");
    const [a, b] = await db()
      .insert(workspaces)
      .values([{ name: `Count A ${randomUUID()}` }, { name: `Count B ${randomUUID()}` }])
      .returning();
    const truth = async () =>
      (
        await db()
          .select({
            w: connections.workspaceId,
            p: connections.provider,
            s: connections.status,
            n: sql<number>`count(*)::int`,
          })
          .from(connections)
          .where(inArray(connections.workspaceId, [a!.id, b!.id]))
          .groupBy(connections.workspaceId, connections.provider, connections.status)
      )
        .map((r) => `${r.w}/${r.p}/${r.s}=${r.n}`)
        .sort();
    const kept = async () =>
      (
        await db()
          .select()
          .from(connectionCounts)
          .where(and(inArray(connectionCounts.workspaceId, [a!.id, b!.id]), sql`${connectionCounts.count} <> 0`))
      )
        .map((r) => `${r.workspaceId}/${r.provider}/${r.status}=${r.count}`)
        .sort();
    const rows = Array.from({ length: 30 }, (_, i) => ({
      workspaceId: i % 3 ? a!.id : b!.id,
      provider: i % 2 ? ("pleo" as const) : ("pliant" as const),
      externalId: randomUUID(),
      status: "active" as const,
    }));
    const inserted = await db().insert(connections).values(rows).returning({ id: connections.id });
    expect(await kept()).toEqual(await truth());
    await db()
      .update(connections)
      .set({ status: "revoked" })
      .where(
        inArray(
          connections.id,
          inserted.slice(0, 7).map((r) => r.id),
        ),
      );
    await db()
      .update(connections)
      .set({ lastRefreshAt: new Date() })
      .where(
        inArray(
          connections.id,
          inserted.map((r) => r.id),
        ),
      );
    await db()
      .update(connections)
      .set({ workspaceId: b!.id, status: "needs_reauth" })
      .where(eq(connections.id, inserted[10]!.id));
    expect(await kept()).toEqual(await truth());
    await Promise.all(
      inserted.slice(11, 25).map((r, i) =>
        db()
          .update(connections)
          .set({ status: i % 2 ? "error" : "pending" })
          .where(eq(connections.id, r.id)),
      ),
    );
    await db()
      .delete(connections)
      .where(
        inArray(
          connections.id,
          inserted.slice(20).map((r) => r.id),
        ),
      );
    expect(await kept()).toEqual(await truth());
  });
});
