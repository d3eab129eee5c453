import "server-only";
import { headers } from "next/headers";
import NextAuth, { AuthError, CredentialsSignin, type NextAuthConfig } from "next-auth";
import { decode, getToken } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { clientAddressOf } from "./client-address";
import { oidcProvider } from "./oidc";
import { verifyPassword } from "./password";
import { clearFailures, isThrottled, recordFailure } from "./throttle";
import { findUserForSignIn } from "./users";

class TooManyAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
}

const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().max(1024),
});

/** Secure cookies (and the __Secure- prefix) wherever the portal is served over https. */
function secureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}

function buildConfig(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const input = credentialsInput.safeParse(raw);
        if (!input.success || !input.data.email || !input.data.password) return null;
        const { email, password } = input.data;
        const address = clientAddressOf(request.headers);
        if (await isThrottled(email, address)) throw new TooManyAttempts();
        const user = await findUserForSignIn(email);
        // Unknown email and wrong password take the same path and give the same answer.
        if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
          await recordFailure(email, address);
          return null;
        }
        await clearFailures(email, address);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  const oidc = oidcProvider(e);
  if (oidc) providers.push(oidc);
  return {
    secret: e.AUTH_SECRET,
    // No trustHost: env() has pinned AUTH_URL to APP_URL (lib/env.ts), so Auth.js rewrites each
    // request to that origin and never derives a URL from Host or X-Forwarded-* headers.
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      // SSO signs in only people the partner already created here, matched by verified email.
      async signIn({ account, user, profile }) {
        if (account?.provider !== "oidc") return true;
        if (profile?.email_verified === false || !user.email) return false;
        return Boolean(await findUserForSignIn(user.email));
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc" && user.email) {
          token.sub = (await findUserForSignIn(user.email))?.id;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      // Auth.js would print whole error objects; keep the log to the error's type (AccessDenied,
      // OAuthCallbackError, …), which unlike the class name survives the production build's minifier.
      error: (error) => log.warn("auth", { error: error instanceof AuthError && error.type ? error.type : error.name }),
      warn: () => {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

/**
 * The signed-in user's id from this request's session cookie: what `auth()` gives a Server
 * Component, with less work. `auth()` runs the whole /api/auth/session action, which after the
 * decode also re-encrypts a renewed token for a Set-Cookie that next-auth drops outside route
 * handlers; that cost ~1 ms of CPU per page. Same cookie (name, chunks), secret, salt (the cookie
 * name), expiry check with 15 s tolerance, and the same one-line log for an unreadable token.
 */
export async function sessionUserId(): Promise<string | undefined> {
  const cookie = (await headers()).get("cookie");
  if (!cookie) return undefined;
  const token = await getToken({
    // Only the cookie, as auth() passes it: no Authorization bearer fallback.
    req: { headers: { cookie } },
    secret: env().AUTH_SECRET,
    secureCookie: secureCookies(),
    async decode(params) {
      try {
        return await decode(params);
      } catch (error) {
        // auth() logs a bad or expired session token as JWTSessionError through the logger above.
        log.warn("auth", { error: "JWTSessionError" });
        throw error;
      }
    },
  });
  return token?.sub ?? undefined;
}
