import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";

// The request a Server Component or server action would see through next/headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(request.headers) }));

const { db } = await import("@/db/client");
const { users } = await import("@/db/schema");
const { handlers } = await import("./config");
const { hashPassword } = await import("./password");
const { requireAdmin, requireStaff, requireUser } = await import("./guards");
const { createWorkspace } = await import("@/test/pleo-fixtures");
const { SESSION_COOKIE, sessionCookieFor, thrown } = await import("@/test/session-cookie");
const { SIGN_IN_LIMITS } = await import("./throttle");
const { SOCKET_ADDRESS_HEADER } = await import("./client-address");
const MAX_FAILURES = SIGN_IN_LIMITS.pair;

const ORIGIN = "http://localhost:3000";
/** Signs this user in for the next guard call: the request carries a valid session cookie. */
async function signedInAs(userId: string) {
  request.headers = new Headers({ host: "localhost:3000", cookie: await sessionCookieFor(userId) });
}

describe("guards re-read the user from the database on every request", () => {
  it("a deleted user with a still-valid session cookie is signed out", async () => {
    const { admin } = await createWorkspace();
    await signedInAs(admin.id);
    expect((await requireUser()).id).toBe(admin.id);
    await db().delete(users).where(eq(users.id, admin.id));
    expect(await thrown(() => requireUser())).toMatch(/^NEXT_REDIRECT;replace;\/sign-in\?next=%2Fdashboard;307;/);
    expect(await thrown(() => requireAdmin())).toMatch(/^NEXT_REDIRECT;.*\/sign-in/);
  });

  it("a customer admin turned partner staff loses the admin pages at once, and gains the staff ones", async () => {
    const { admin, workspace } = await createWorkspace();
    await signedInAs(admin.id);
    expect(await requireAdmin()).toMatchObject({ id: admin.id, role: "customer_admin", workspaceId: workspace.id });
    expect(await thrown(() => requireStaff())).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    await db().update(users).set({ role: "partner_staff", workspaceId: null }).where(eq(users.id, admin.id));
    expect(await thrown(() => requireAdmin())).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await requireStaff()).toMatchObject({ id: admin.id, role: "partner_staff" });
  });
});

describe("findUserById, the prepared statement behind every guard", () => {
  it("gives every field the sign-in query gives (but the hash), and nothing for a deactivated user", async () => {
    const { findUserById, findUserForSignIn } = await import("./users");
    const { admin, workspace } = await createWorkspace();
    await db().update(users).set({ locale: "de", sessionVersion: 7 }).where(eq(users.id, admin.id));
    const { passwordHash: _hash, ...expected } = (await findUserForSignIn(admin.email))!;
    const found = await findUserById(admin.id);
    expect(found).toEqual(expected);
    expect(found).toMatchObject({ workspaceName: workspace.name, locale: "de", sessionVersion: 7 });
    await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, admin.id));
    expect(await findUserById(admin.id)).toBeUndefined();
    expect(await findUserById("not-a-uuid")).toBeUndefined();
  });
});

describe("the sign-in throttle, through Auth.js's real credentials sign-in", () => {
  const cookiePairs = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

  /** One sign-in attempt as the browser's form posts it; true when a session cookie came back. */
  async function signIn(email: string, password: string, address: string): Promise<boolean> {
    const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await handlers.POST(
      new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: cookiePairs(csrf),
          [SOCKET_ADDRESS_HEADER]: address,
        },
        body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/dashboard` }),
      }),
    );
    return response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`));
  }

  it(`after ${MAX_FAILURES} wrong passwords from one address, even the right one is refused there; elsewhere it works`, async () => {
    const email = `${randomUUID()}@throttled.test`;
    const password = "the-right-password-2026";
    await db()
      .insert(users)
      .values({ email, role: "partner_staff", passwordHash: await hashPassword(password) });
    expect(await signIn(email, password, "198.51.100.7")).toBe(true);
    for (let i = 0; i < MAX_FAILURES; i++) expect(await signIn(email, "wrong-password", "203.0.113.9")).toBe(false);
    expect(await signIn(email, password, "203.0.113.9")).toBe(false);
    expect(await signIn(email, password, "198.51.100.7")).toBe(true);
  }, 60_000);
});
