import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { invitations, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import { findUserById, findUserForSignIn } from "@/lib/auth/users";
import { createWorkspace } from "@/test/pleo-fixtures";
import { deactivateUser } from "./deactivation";
import { acceptInvitation, createInvitation, lookupInvitation } from "./invitations";
import { hashLinkToken, newLinkToken } from "./tokens";

const adminOf = (admin: { id: string; email: string }, ws: { id: string; name: string }): SessionUser => ({
  id: admin.id,
  email: admin.email,
  name: null,
  role: "customer_admin",
  workspaceId: ws.id,
  workspaceName: ws.name,
});

/** An invitation row with a known token (createInvitation only mails its token). */
async function invitationWithToken(workspaceId: string) {
  const { token, hash } = newLinkToken();
  const email = `${randomUUID()}@invited.test`;
  await db()
    .insert(invitations)
    .values({ email, role: "customer_admin", workspaceId, tokenHash: hash, expiresAt: new Date(Date.now() + 60_000) });
  return { token, email };
}

describe("people (real PostgreSQL)", () => {
  it("an invitation link works once, even when ten accept it at the same moment", async () => {
    const { workspace } = await createWorkspace();
    const { token, email } = await invitationWithToken(workspace.id);
    const results = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(token, null)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.state === "used")).toBe(true);
    expect(await lookupInvitation(token)).toEqual({ state: "used" });
    expect((await db().select().from(users).where(eq(users.email, email))).length).toBe(1);
    // Only the hash is stored.
    expect((await db().select().from(invitations).where(eq(invitations.tokenHash, token))).length).toBe(0);
    expect(
      (
        await db()
          .select()
          .from(invitations)
          .where(eq(invitations.tokenHash, hashLinkToken(token)))
      ).length,
    ).toBe(1);
  });

  it("a customer admin cannot invite into another workspace, nor invite staff", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const actor = adminOf(a.admin, a.workspace);
    await expect(
      createInvitation(actor, { email: "x@y.test", role: "customer_admin", workspaceId: b.workspace.id }, "en"),
    ).rejects.toMatchObject({ code: "not-allowed" });
    await expect(
      createInvitation(actor, { email: "x@y.test", role: "partner_staff", workspaceId: null }, "en"),
    ).rejects.toMatchObject({ code: "not-allowed" });
    expect((await db().select().from(invitations).where(eq(invitations.email, "x@y.test"))).length).toBe(0);
  });

  it("two admins removing each other at once leave one; a removed admin is nobody to the guards", async () => {
    const { workspace, admin } = await createWorkspace();
    const [second] = await db()
      .insert(users)
      .values({ email: `${randomUUID()}@admin.test`, role: "customer_admin", workspaceId: workspace.id })
      .returning();
    const one = adminOf(admin, workspace);
    const two = adminOf(second!, workspace);
    const outcomes = await Promise.allSettled([
      deactivateUser(one, second!.id, "removed"),
      deactivateUser(two, admin.id, "removed"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "last-admin" } });
    const remaining = [await findUserById(admin.id), await findUserById(second!.id)].filter(Boolean);
    expect(remaining).toHaveLength(1);
    const removed = outcomes[0].status === "fulfilled" ? second! : admin;
    expect(await findUserForSignIn(removed.email)).toBeUndefined();
  });
});
