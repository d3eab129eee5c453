import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";

// The request a server action would see through next/headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(request.headers) }));

const { db } = await import("@/db/client");
const { connections, users } = await import("@/db/schema");
const { env } = await import("@/lib/env");
const { revokeConnectionAction } = await import("./actions");
const { createWorkspace } = await import("@/test/pleo-fixtures");

const COOKIE = "authjs.session-token"; // http APP_URL in tests: no __Secure- prefix

/** A valid session cookie for this user id, as Auth.js issues it at sign-in (1 hour left, the user's session version). */
async function signedInAs(userId: string) {
  const [stored] = await db().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  const token = await encode({
    token: { sub: userId, sv: stored!.sv },
    secret: env().AUTH_SECRET,
    salt: COOKIE,
    maxAge: 3600,
  });
  request.headers = new Headers({ host: "localhost:3000", cookie: `${COOKIE}=${token}` });
}

/** What a guard threw: Next's redirect / not-found signals carry their meaning in `digest`. */
async function thrown(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    return String((error as { digest?: string }).digest ?? error);
  }
  return "nothing thrown";
}

describe("a staff user forging an admin action", () => {
  it("posting the Revoke server action is refused (404) and the connection stays active", async () => {
    const { workspace } = await createWorkspace();
    const [connection] = await db()
      .insert(connections)
      .values({ workspaceId: workspace.id, provider: "pleo", externalId: `forged-${randomUUID()}`, status: "active" })
      .returning();
    const [staff] = await db()
      .insert(users)
      .values({ email: `${randomUUID()}@partner.test`, role: "partner_staff" })
      .returning();
    await signedInAs(staff!.id);
    const form = new FormData();
    form.set("connectionId", connection!.id);
    expect(await thrown(() => revokeConnectionAction(form))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    const [after] = await db().select().from(connections).where(eq(connections.id, connection!.id));
    expect(after).toMatchObject({ status: "active", remoteRevocationPending: false });
  });
});
