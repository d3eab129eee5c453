import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";

// A portal served over https, as in production: set before env() is first read.
const ORIGIN = vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
  return "https://portal.example.test";
});

const { db } = await import("@/db/client");
const { users } = await import("@/db/schema");
const { hashPassword } = await import("./password");
const { handlers } = await import("./config");

const cookiePairs = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

describe("cookies of a portal served over https", () => {
  it("a credentials sign-in sets a __Secure- session cookie: HttpOnly, Secure, SameSite=Lax, Path=/", async () => {
    const email = `${randomUUID()}@staff.test`;
    const password = "a-long-enough-password";
    await db()
      .insert(users)
      .values({ email, role: "partner_staff", passwordHash: await hashPassword(password) });

    const csrf = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    // The CSRF cookie is host-bound and Secure as well.
    expect(csrf.headers.getSetCookie().find((c) => c.startsWith("__Host-authjs.csrf-token="))).toMatch(/; Secure/i);

    const signIn = await handlers.POST(
      new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrf) },
        body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/dashboard` }),
      }),
    );
    expect(signIn.status).toBe(302);
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    const attributes = session!
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
    // No session cookie without the prefix (which a plain-http page could set or read).
    expect(signIn.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(false);
  });
});
