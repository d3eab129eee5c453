import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { pliantSyncFrom, workspaces } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { actorOf, recordAudit } from "../audit";

/**
 * The workspace's default for Pliant's `syncFromDate` (sent on Activate): from when Pliant sends
 * an organization's data. Pliant keeps the date across a re-activation when none is sent, so only
 * a first activation sends one (approve.ts).
 */
export type PliantSyncFrom = (typeof pliantSyncFrom.enumValues)[number];

export const SYNC_FROM_LABELS: Record<PliantSyncFrom, string> = {
  organization_created: "Everything (Pliant's default)",
  first_of_this_month: "From the first of this month",
  first_of_last_month: "From the first of last month",
};

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The date to send for a policy at `now` (UTC), or undefined to send none. */
export function syncFromDate(policy: PliantSyncFrom, now: Date): string | undefined {
  if (policy === "organization_created") return undefined;
  const monthsBack = policy === "first_of_last_month" ? 1 : 0;
  return isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1)));
}

export async function getWorkspaceSyncFrom(workspaceId: string): Promise<PliantSyncFrom> {
  const [w] = await db()
    .select({ policy: workspaces.pliantSyncFrom })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return w?.policy ?? "first_of_last_month";
}

const policySchema = z.enum(pliantSyncFrom.enumValues);

/** An admin changes their own workspace's default. Bad input changes nothing. */
export async function setWorkspaceSyncFrom(user: AdminUser, input: unknown): Promise<"saved" | "invalid"> {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) return "invalid";
  await db().transaction(async (tx) => {
    await tx.update(workspaces).set({ pliantSyncFrom: parsed.data }).where(eq(workspaces.id, user.workspaceId));
    await recordAudit(tx, {
      action: "workspace.pliant_sync_from",
      actor: actorOf(user),
      workspaceId: user.workspaceId,
      detail: { policy: parsed.data },
    });
  });
  return "saved";
}
