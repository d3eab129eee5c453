import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";

/** The session cookie's name with an http APP_URL, as in tests (no __Secure- prefix). */
export const SESSION_COOKIE = "authjs.session-token";

/**
 * A valid session cookie header for this user id, as Auth.js issues it at sign-in (1 hour left, the
 * user's current session version). Loads the database and configuration on use: callers set the
 * test environment first.
 */
export async function sessionCookieFor(userId: string): Promise<string> {
  const [{ db }, { users }, { env }] = await Promise.all([
    import("@/db/client"),
    import("@/db/schema"),
    import("@/lib/env"),
  ]);
  const [stored] = await db().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  const token = await encode({
    token: { sub: userId, sv: stored!.sv },
    secret: env().AUTH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: 3600,
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** What a guard threw: Next's redirect / not-found signals carry their meaning in `digest`. */
export async function thrown(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    return String((error as { digest?: string }).digest ?? error);
  }
  return "nothing thrown";
}
