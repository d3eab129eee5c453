import "server-only";
import { headers } from "next/headers";
import NextAuth, { AuthError, CredentialsSignin, type NextAuthConfig } from "next-auth";
import { decode, getToken } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { signInWithCredentials } from "./credentials-sign-in";
import { oidcProvider } from "./oidc";
import { endSessionsOf } from "./session-version";
import { rememberSession, rememberedSession, sessionCacheKey, type SessionClaims } from "./session-cache";
import { resolveSsoUser } from "./sso-link";

class TooManyAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
}

/** What the session token carries besides the user id: the user's session version at sign-in. */
type PortalToken = { sub?: string; sv?: number };

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
        const outcome = await signInWithCredentials(raw, request.headers);
        if (outcome === "throttled") throw new TooManyAttempts();
        return outcome;
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
      // SSO signs in only people the partner already created here: the first time by verified
      // email, from then on by the identity provider's (issuer, subject) (lib/auth/sso-link.ts).
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const linked = await resolveSsoUser({
          issuer: e.AUTH_OIDC_ISSUER!,
          subject: account.providerAccountId,
          email: profile?.email,
          emailVerified: profile?.email_verified,
        });
        return typeof linked !== "string";
      },
      async jwt({ token, user, account, profile }) {
        const t = token as typeof token & PortalToken;
        if (user && account?.provider === "oidc") {
          const linked = await resolveSsoUser({
            issuer: e.AUTH_OIDC_ISSUER!,
            subject: account.providerAccountId,
            email: profile?.email,
            emailVerified: profile?.email_verified,
          });
          if (typeof linked === "string") throw new AuthError("single sign-on identity not linked");
          t.sub = linked.userId;
          t.sv = linked.sessionVersion;
        } else if (user?.id) {
          t.sub = user.id;
          t.sv = (user as { sessionVersion?: number }).sessionVersion;
        }
        return t;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // Signing out ends every session of the user, not just this browser's cookie.
      async signOut(message) {
        const sub = "token" in message ? message.token?.sub : undefined;
        if (sub) await endSessionsOf(sub);
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
  return (await sessionClaims())?.sub;
}

/** The session token's user id and session version, or undefined without a valid session. */
export async function sessionClaims(): Promise<SessionClaims | undefined> {
  const cookie = (await headers()).get("cookie");
  if (!cookie) return undefined;
  const secureCookie = secureCookies();
  // A token this process has decrypted before, until its expiry (lib/auth/session-cache.ts).
  const key = sessionCacheKey(cookie, `${secureCookie ? "__Secure-" : ""}authjs.session-token`);
  if (!key) return undefined;
  const known = rememberedSession(key);
  if (known) return known;
  const token = await getToken({
    // Only the cookie, as auth() passes it: no Authorization bearer fallback.
    req: { headers: { cookie } },
    secret: env().AUTH_SECRET,
    secureCookie,
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
  if (!token?.sub) return undefined;
  const sv = (token as PortalToken).sv;
  const claims = { sub: token.sub, sv: typeof sv === "number" ? sv : undefined };
  rememberSession(key, claims, token.exp);
  return claims;
}
