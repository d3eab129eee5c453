import "server-only";
import { and, asc, count, eq, inArray, isNull, sql, sum } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { connectionCounts, users, workspaces } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import { actorOf, recordAudit } from "@/lib/connections/audit";
import { PeopleError } from "./access";

const workspaceName = z.string().trim().min(1).max(200);

export type PersonDto = {
  id: string;
  email: string;
  role: "customer_admin" | "partner_staff";
  hasPassword: boolean;
  deactivated: boolean;
};
export type WorkspaceOverview = {
  id: string;
  name: string;
  connections: { active: number; total: number };
  admins: PersonDto[];
};

function requireStaffActor(actor: SessionUser): void {
  if (actor.role !== "partner_staff") throw new PeopleError("not-allowed");
}

const personColumns = {
  id: users.id,
  email: users.email,
  role: users.role,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  deactivated: sql<boolean>`${users.deactivatedAt} is not null`,
};

/** Staff: every workspace with its admins and connection counts (from the trigger-kept counts). */
export async function listWorkspaceOverview(actor: SessionUser): Promise<WorkspaceOverview[]> {
  requireStaffActor(actor);
  const spaces = await db()
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .orderBy(asc(workspaces.name))
    .limit(500);
  const ids = spaces.map((w) => w.id);
  if (ids.length === 0) return [];
  const [people, counts] = await Promise.all([
    db()
      .select({ ...personColumns, workspaceId: users.workspaceId })
      .from(users)
      .where(inArray(users.workspaceId, ids))
      .orderBy(asc(users.email)),
    db()
      .select({
        workspaceId: connectionCounts.workspaceId,
        total: sum(connectionCounts.count).mapWith(Number),
        active:
          sql<number>`coalesce(sum(${connectionCounts.count}) filter (where ${connectionCounts.status} = 'active'), 0)`.mapWith(
            Number,
          ),
      })
      .from(connectionCounts)
      .where(inArray(connectionCounts.workspaceId, ids))
      .groupBy(connectionCounts.workspaceId),
  ]);
  return spaces.map((w) => {
    const c = counts.find((x) => x.workspaceId === w.id);
    return {
      ...w,
      connections: { active: c?.active ?? 0, total: c?.total ?? 0 },
      admins: people.filter((p) => p.workspaceId === w.id).map(({ workspaceId: _, ...p }) => p),
    };
  });
}

export async function listStaff(actor: SessionUser): Promise<PersonDto[]> {
  requireStaffActor(actor);
  return db().select(personColumns).from(users).where(eq(users.role, "partner_staff")).orderBy(asc(users.email));
}

/** A workspace's admins, for its own admins or staff. */
export async function listWorkspaceAdmins(actor: SessionUser, workspaceId: string): Promise<PersonDto[]> {
  if (actor.role !== "partner_staff" && actor.workspaceId !== workspaceId) throw new PeopleError("not-allowed");
  return db()
    .select(personColumns)
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, "customer_admin")))
    .orderBy(asc(users.email));
}

export async function createWorkspace(actor: SessionUser, rawName: unknown): Promise<{ id: string }> {
  requireStaffActor(actor);
  const name = workspaceName.safeParse(rawName);
  if (!name.success) throw new PeopleError("invalid-input");
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(workspaces)
      .values({ name: name.data })
      .onConflictDoNothing()
      .returning({ id: workspaces.id });
    if (!row) throw new PeopleError("workspace-exists");
    await recordAudit(tx, {
      action: "workspace.created",
      actor: actorOf(actor),
      workspaceId: row.id,
      detail: { name: name.data },
    });
    return row;
  });
}

export async function renameWorkspace(actor: SessionUser, workspaceId: unknown, rawName: unknown): Promise<void> {
  requireStaffActor(actor);
  const id = z.uuid().safeParse(workspaceId);
  const name = workspaceName.safeParse(rawName);
  if (!id.success || !name.success) throw new PeopleError("invalid-input");
  await db().transaction(async (tx) => {
    const [before] = await tx
      .select({ name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, id.data))
      .for("update");
    if (!before) throw new PeopleError("not-found");
    if (before.name === name.data) return;
    const [clash] = await tx.select({ n: count() }).from(workspaces).where(eq(workspaces.name, name.data));
    if ((clash?.n ?? 0) > 0) throw new PeopleError("workspace-exists");
    await tx.update(workspaces).set({ name: name.data }).where(eq(workspaces.id, id.data));
    await recordAudit(tx, {
      action: "workspace.renamed",
      actor: actorOf(actor),
      workspaceId: id.data,
      detail: { from: before.name, to: name.data },
    });
  });
}

/** Active admins left in a workspace (used to keep at least one). */
export async function activeAdminCount(
  tx: Pick<ReturnType<typeof db>, "select">,
  workspaceId: string,
): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, "customer_admin"), isNull(users.deactivatedAt)));
  return row?.n ?? 0;
}
