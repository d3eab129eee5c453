import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

// The request a server action would see through next/headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(request.headers) }));

const { db } = await import("@/db/client");
const { connections, users } = await import("@/db/schema");
const { revokeConnectionAction } = await import("./actions");
const { createWorkspace } = await import("@/test/pleo-fixtures");
const { sessionCookieFor, thrown } = await import("@/test/session-cookie");

/** Signs this user in for the next guard call: the request carries a valid session cookie. */
async function signedInAs(userId: string) {
  request.headers = new Headers({ host: "localhost:3000", cookie: await sessionCookieFor(userId) });
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
