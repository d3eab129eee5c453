import type { Locale } from "@/lib/i18n/locales";

/** Why a customer admin is asked to reconnect (the outbox event behind the mail). */
export type BrokenReason = "needs_reauth" | "revoked" | "error";

/** One line of the staff digest. */
export type DigestItem = { provider: string; account: string; workspace: string; status: "needs_reauth" | "error" };

/**
 * Every email the portal sends: one variant per template, with the data its text needs. The text
 * itself lives in the catalogs (messages/*.json, namespace "emails"), one per language.
 */
export type MailMessage =
  | {
      template: "invitation";
      to: string;
      locale: Locale;
      link: string;
      workspace: string | null;
      inviter: string;
      expiresAt: Date;
    }
  | { template: "passwordReset"; to: string; locale: Locale; link: string; expiresAt: Date }
  | { template: "passwordResetSso"; to: string; locale: Locale; signInUrl: string }
  /** A connection of the admin's workspace needs them; reminderDays: null for the first mail. */
  | {
      template: "connectionBroken";
      to: string;
      locale: Locale;
      reason: BrokenReason;
      provider: string;
      account: string;
      workspace: string;
      link: string;
      reminderDays: number | null;
    }
  /** The daily digest for partner staff: the first items, and how many more there are. */
  | { template: "brokenDigest"; to: string; locale: Locale; items: DigestItem[]; more: number; link: string };

const DATE_FIELDS = new Set(["expiresAt"]);

/** A message as JSON (the mail job's payload, sealed): dates travel as ISO strings. */
export function encodeMail(message: MailMessage): string {
  return JSON.stringify(message);
}

export function decodeMail(json: string): MailMessage {
  return JSON.parse(json, (key, value: unknown) =>
    DATE_FIELDS.has(key) && typeof value === "string" ? new Date(value) : value,
  ) as MailMessage;
}
