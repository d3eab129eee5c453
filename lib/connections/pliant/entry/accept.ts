import "server-only";
import { createHash } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { pliantEntries } from "@/db/schema";
import { env } from "@/lib/env";
import { sampledWarn } from "@/lib/log-sampling";
import { recordAttempt, type Limit } from "@/lib/rate-limit";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { REDIRECT_TIMESTAMP_TOLERANCE_MS } from "@/lib/providers/pliant/config";
import { parseRedirectSignature } from "@/lib/providers/pliant/redirect-signature";
import { verifyPliantSignature } from "@/lib/providers/pliant/signing-keys";
import { entryCookieMatches, entryCookieValue } from "./browser-binding";
import { trustedRedirectUrl, withStatus } from "./redirect-url";

/** How long an admin has to sign in and confirm after Pliant sent them. */
export const ENTRY_TTL_MS = 30 * 60_000;
/** Kept this long after expiring, then deleted by the next accepted entry. */
const ENTRY_RETENTION_MS = 24 * 60 * 60_000;
/**
 * Unsigned entries (accepted only while PLIANT_REQUIRE_SIGNED_REDIRECTS is off) need no secret, so
 * anyone can make them: at most this many are stored per 10 minutes, portal-wide.
 */
export const UNSIGNED_ENTRY_LIMIT: Limit = { key: "pliant-entry:unsigned", max: 200, windowMs: 10 * 60_000 };

export type LoginOutcome =
  /** No trustworthy way back to Pliant: show an error page and redirect nowhere. */
  | { kind: "untrusted" }
  /** Refused; send the admin back to Pliant with status=error (which rolls the authorization back). */
  | { kind: "refused"; location: string; reason: string }
  /**
   * A signed link used a second time, by another browser or after its entry was decided: an error
   * page, not status=error, which could roll back the authorization its first use completed.
   */
  | { kind: "replayed" }
  | { kind: "accepted"; entryId: string; cookie: string };

const query = z.object({
  organizationId: z.uuid(),
  partnerId: z.uuid(),
  t: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  v1a: z.string().min(1).max(200).optional(),
  kid: z.string().min(1).max(200).optional(),
});

type Signature = { verified: boolean; signedAt: Date | null; digest: string | null } | { refused: string };

async function checkSignature(q: z.infer<typeof query>, now: number): Promise<Signature> {
  if (q.t === undefined && q.v1a === undefined) {
    return env().PLIANT_REQUIRE_SIGNED_REDIRECTS
      ? { refused: "unsigned" }
      : { verified: false, signedAt: null, digest: null };
  }
  if (q.t === undefined || q.v1a === undefined) return { refused: "incomplete signature" };
  const signedAtMs = Number(q.t) * 1000;
  if (Math.abs(now - signedAtMs) > REDIRECT_TIMESTAMP_TOLERANCE_MS)
    return { refused: "signature outside the time window" };
  const parsed = parseRedirectSignature(q.v1a);
  if (!parsed.ok) return { refused: `malformed signature: ${parsed.reason}` };
  const signature = parsed.signature;
  // The exact strings Pliant signed, before any normalisation of ours.
  const signed = `${q.t}.${q.partnerId}.${q.organizationId}`;
  if (!(await verifyPliantSignature(signed, signature, q.kid))) return { refused: "bad signature" };
  // Ed25519 is deterministic: the same link always carries the same signature bytes.
  const digest = createHash("sha256").update(signed).update(".").update(signature).digest("hex");
  return { verified: true, signedAt: new Date(signedAtMs), digest };
}

/**
 * Validate Pliant's entry (`GET /login`) and, when it holds, store it for the admin to confirm.
 * Nothing is linked here: that needs a signed-in admin's explicit Approve. Each signed link makes
 * one entry: opening it again in the same browser (a reload) continues that entry while it awaits
 * a decision; any other reuse is refused. `cookie`: the entry cookie the browser sent, if any.
 */
export async function acceptPliantLogin(
  params: URLSearchParams,
  opts: { cookie?: string; now?: number; unsignedLimit?: Limit } = {},
): Promise<LoginOutcome> {
  const now = opts.now ?? Date.now();
  const redirects = params.getAll("redirectUrl");
  const back = redirects.length === 1 ? trustedRedirectUrl(redirects[0], env().PLIANT_APP_URL) : undefined;
  if (!back) return { kind: "untrusted" };
  const refuse = (reason: string): LoginOutcome => {
    sampledWarn("pliant.login.refused", { reason });
    return { kind: "refused", location: withStatus(back, "error"), reason };
  };

  // Duplicated parameters are a forged or broken entry, never something to pick from.
  if ([...new Set(params.keys())].some((k) => params.getAll(k).length > 1)) return refuse("duplicated parameter");
  const parsed = query.safeParse(Object.fromEntries(params));
  if (!parsed.success) return refuse("malformed parameters");
  const q = parsed.data;
  const partnerId = env().PLIANT_PARTNER_ID;
  if (partnerId && q.partnerId.toLowerCase() !== partnerId.toLowerCase()) return refuse("unknown partnerId");

  let signature: Signature;
  try {
    signature = await checkSignature(q, now);
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    return refuse("signing keys unavailable");
  }
  if ("refused" in signature) return refuse(signature.refused);
  if (!signature.verified && !(await recordAttempt([opts.unsignedLimit ?? UNSIGNED_ENTRY_LIMIT])).allowed)
    return refuse("too many unsigned entries");

  const [entry] = await db()
    .insert(pliantEntries)
    .values({
      organizationId: q.organizationId.toLowerCase(),
      partnerId: q.partnerId.toLowerCase(),
      redirectUrl: back.href,
      signedAt: signature.signedAt,
      signatureVerified: signature.verified,
      signatureDigest: signature.digest,
      expiresAt: new Date(now + ENTRY_TTL_MS),
    })
    .onConflictDoNothing({ target: pliantEntries.signatureDigest })
    .returning({ id: pliantEntries.id });
  if (!entry) return reuseOfSignedLink(signature.digest!, opts.cookie, now);
  // Entries a day past their expiry are worthless (their links are long outside the signature
  // window, and decisions are in the audit trail); trimming here keeps the table small.
  await db()
    .delete(pliantEntries)
    .where(lt(pliantEntries.expiresAt, new Date(now - ENTRY_RETENTION_MS)));
  return { kind: "accepted", entryId: entry.id, cookie: entryCookieValue(entry.id) };
}

/** The signed link was seen before: the same browser may carry on with its undecided entry. */
async function reuseOfSignedLink(digest: string, cookie: string | undefined, now: number): Promise<LoginOutcome> {
  const [earlier] = await db().select().from(pliantEntries).where(eq(pliantEntries.signatureDigest, digest));
  if (
    earlier &&
    earlier.status === "awaiting" &&
    earlier.expiresAt.getTime() > now &&
    entryCookieMatches(earlier.id, cookie)
  ) {
    return { kind: "accepted", entryId: earlier.id, cookie: entryCookieValue(earlier.id) };
  }
  sampledWarn("pliant.login.replayed", { entryId: earlier?.id ?? null });
  return { kind: "replayed" };
}
