import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import { actorOf, recordAudit } from "@/lib/connections/audit";
import { canManageWorkspace, PeopleError } from "./access";
import { activeAdminCount } from "./workspaces";

/**
 * Deactivation is how people leave: they cannot sign in, the guards (which re-read the user on
 * every request) no longer find them, and their history (audit trail, "connected by") stays.
 * Staff deactivate anyone but themselves; a customer admin removes another admin of their own
 * workspace. A workspace never loses its last active admin this way.
 */
export async function deactivateUser(
  actor: SessionUser,
  rawUserId: unknown,
  how: "deactivated" | "removed",
): Promise<void> {
  const userId = z.uuid().safeParse(rawUserId);
  if (!userId.success) throw new PeopleError("invalid-input");
  if (userId.data === actor.id) throw new PeopleError("self");
  await db().transaction(async (tx) => {
    const [target] = await tx
      .select({ id: users.id, email: users.email, role: users.role, workspaceId: users.workspaceId })
      .from(users)
      .where(and(eq(users.id, userId.data), isNull(users.deactivatedAt)));
    const allowed =
      target &&
      (how === "deactivated"
        ? actor.role === "partner_staff"
        : target.role === "customer_admin" && canManageWorkspace(actor, target.workspaceId));
    if (!target || !allowed) throw new PeopleError("not-found");
    if (target.workspaceId && target.role === "customer_admin") {
      // Lock the workspace so two admins removing each other cannot both succeed.
      await tx
        .select({ id: workspaces.id })
        .from(workspaces)
        .where(eq(workspaces.id, target.workspaceId))
        .for("update");
      if ((await activeAdminCount(tx, target.workspaceId)) <= 1) throw new PeopleError("last-admin");
    }
    await tx.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, target.id));
    await recordAudit(tx, {
      action: how === "removed" ? "user.removed" : "user.deactivated",
      actor: actorOf(actor),
      workspaceId: target.workspaceId,
      detail: { email: target.email },
    });
  });
}

export async function reactivateUser(actor: SessionUser, rawUserId: unknown): Promise<void> {
  if (actor.role !== "partner_staff") throw new PeopleError("not-allowed");
  const userId = z.uuid().safeParse(rawUserId);
  if (!userId.success) throw new PeopleError("invalid-input");
  await db().transaction(async (tx) => {
    const [target] = await tx
      .update(users)
      .set({ deactivatedAt: null })
      .where(and(eq(users.id, userId.data), isNotNull(users.deactivatedAt)))
      .returning({ email: users.email, workspaceId: users.workspaceId });
    if (!target) throw new PeopleError("not-found");
    await recordAudit(tx, {
      action: "user.reactivated",
      actor: actorOf(actor),
      workspaceId: target.workspaceId,
      detail: { email: target.email },
    });
  });
}
