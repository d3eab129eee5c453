import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { passwordResets, users } from "@/db/schema";
import { setPassword } from "@/lib/auth/users";
import { recordAudit } from "@/lib/connections/audit";
import { env } from "@/lib/env";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { queueMail } from "@/lib/mail/send";
import { recordAttempt } from "@/lib/rate-limit";
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from "./tokens";

export const RESET_TTL_MS = 60 * 60 * 1000;
/** Requests per email (any address) and per address (any email) in the throttle window. */
export const MAX_RESETS_PER_EMAIL = 3;
export const MAX_RESETS_PER_ADDRESS = 10;
const WINDOW_MS = 15 * 60 * 1000;

/**
 * Forgot password. The answer is the same whatever happens (unknown email, deactivated, single
 * sign-on only, throttled): the caller shows one sentence. Only the mailbox learns the truth.
 */
export async function requestPasswordReset(
  rawEmail: string,
  clientAddress: string,
  requestLocale: Locale,
): Promise<void> {
  const email = rawEmail.trim().toLowerCase().slice(0, 320);
  if (!email.includes("@")) return;
  // Counted before anything else, in the shared rate_limits table (lib/rate-limit.ts: atomic, per key).
  const allowed = await recordAttempt([
    { key: `reset:email:${email}`, max: MAX_RESETS_PER_EMAIL, windowMs: WINDOW_MS },
    { key: `reset:address:${clientAddress}`, max: MAX_RESETS_PER_ADDRESS, windowMs: WINDOW_MS },
  ]);
  if (!allowed.allowed) return;

  const [user] = await db()
    .select({
      id: users.id,
      email: users.email,
      passwordHash: users.passwordHash,
      locale: users.locale,
      workspaceId: users.workspaceId,
    })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deactivatedAt)));
  if (!user) return;
  const locale = isLocale(user.locale) ? user.locale : requestLocale;
  await recordAudit(db(), {
    action: "password.reset_requested",
    actor: { userId: user.id, label: user.email },
    workspaceId: user.workspaceId,
    detail: { sso: !user.passwordHash },
  });
  if (!user.passwordHash && env().oidcConfigured) {
    // A single sign-on user has no password to reset: tell them how they sign in instead.
    await queueMail({ template: "passwordResetSso", to: user.email, locale, signInUrl: `${env().APP_URL}/sign-in` });
    return;
  }
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  // The link and its mail job commit together: no mail for a link that was not stored.
  await db().transaction(async (tx) => {
    await tx.insert(passwordResets).values({ userId: user.id, tokenHash: hash, expiresAt });
    await queueMail(
      {
        template: "passwordReset",
        to: user.email,
        locale,
        link: `${env().APP_URL}/reset-password/${token}`,
        expiresAt,
      },
      { tx },
    );
  });
}

export type ResetLookup = { state: "valid"; email: string } | { state: "expired" | "used" | "unknown" };

export async function lookupPasswordReset(token: unknown): Promise<ResetLookup> {
  if (!isWellFormedLinkToken(token)) return { state: "unknown" };
  const [row] = await db()
    .select({
      email: users.email,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      deactivatedAt: users.deactivatedAt,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)));
  if (!row || row.deactivatedAt) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { state: "expired" };
  return { state: "valid", email: row.email };
}

/** Sets the new password once per link; every other open link of the user dies with it. */
export async function completePasswordReset(
  token: unknown,
  password: string,
): Promise<{ ok: true; email: string } | { ok: false; state: "expired" | "used" | "unknown" }> {
  if (!isWellFormedLinkToken(token)) return { ok: false, state: "unknown" };
  const result = await db().transaction(async (tx) => {
    const [reset] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResets.tokenHash, hashLinkToken(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!reset) return undefined;
    const [user] = await tx
      .select({ id: users.id, email: users.email, workspaceId: users.workspaceId })
      .from(users)
      .where(and(eq(users.id, reset.userId), isNull(users.deactivatedAt)));
    if (!user) return undefined;
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await setPassword(user.id, password, tx);
    await recordAudit(tx, {
      action: "password.changed",
      actor: { userId: user.id, label: user.email },
      workspaceId: user.workspaceId,
      detail: { via: "reset" },
    });
    return user.email;
  });
  if (result) return { ok: true, email: result };
  const found = await lookupPasswordReset(token);
  return { ok: false, state: found.state === "valid" ? "used" : found.state };
}
