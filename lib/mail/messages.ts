import type { Locale } from "@/lib/i18n/locales";

/**
 * Every email the portal sends: one variant per template, with the data its text needs. The text
 * itself lives in the catalogs (messages/*.json, namespace "emails"), one per language.
 */
export type MailMessage =
  | { template: "invitation"; to: string; locale: Locale; link: string; workspace: string | null; inviter: string; expiresAt: Date }
  | { template: "passwordReset"; to: string; locale: Locale; link: string; expiresAt: Date }
  | { template: "passwordResetSso"; to: string; locale: Locale; signInUrl: string };
