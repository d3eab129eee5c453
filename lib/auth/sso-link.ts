import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { userIdentities, users } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sampledWarn } from "@/lib/log-sampling";

export type SsoIdentity = { issuer: string; subject: string; email: string | null | undefined; emailVerified: unknown };
export type SsoRefusal = "email-not-verified" | "domain-not-allowed" | "no-such-user" | "other-identity-linked";

/**
 * The portal user a single sign-on identity stands for. Once linked, an identity is matched by
 * (issuer, subject) alone. The first link needs `email_verified === true` (a missing claim is not a
 * yes: multi-tenant identity providers let anyone put any email on an account), an email of an
 * allowed domain when AUTH_OIDC_ALLOWED_DOMAINS is set, an existing user with that email, and
 * no other identity of the same issuer already linked to that user.
 */
export async function resolveSsoUser(
  identity: SsoIdentity,
  allowedDomains = env().AUTH_OIDC_ALLOWED_DOMAINS,
): Promise<{ userId: string; sessionVersion: number } | SsoRefusal> {
  const email = identity.email?.trim().toLowerCase();
  if (allowedDomains && !(email && allowedDomains.includes(email.slice(email.lastIndexOf("@") + 1))))
    return refuse("domain-not-allowed", identity);
  const linked = await findLinked(identity.issuer, identity.subject);
  if (linked) return linked;
  if (identity.emailVerified !== true) return refuse("email-not-verified", identity);
  if (!email) return refuse("no-such-user", identity);
  const [user] = await db()
    .select({ id: users.id, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.email, email));
  if (!user) return refuse("no-such-user", identity);
  // Unique (user, issuer): a second subject for the same user cannot be linked, even in a race.
  await db()
    .insert(userIdentities)
    .values({ issuer: identity.issuer, subject: identity.subject, userId: user.id })
    .onConflictDoNothing();
  const nowLinked = await findLinked(identity.issuer, identity.subject);
  if (!nowLinked) return refuse("other-identity-linked", identity);
  log.info("auth.sso.linked", { userId: user.id, issuer: identity.issuer });
  return nowLinked;
}

async function findLinked(issuer: string, subject: string) {
  const [row] = await db()
    .select({ userId: users.id, sessionVersion: users.sessionVersion })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)));
  return row;
}

function refuse(reason: SsoRefusal, identity: SsoIdentity): SsoRefusal {
  sampledWarn("auth.sso.refused", { reason, issuer: identity.issuer });
  return reason;
}
