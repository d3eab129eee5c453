import "server-only";
import type { AbstractIntlMessages } from "next-intl";
import { CATALOGS } from "./messages";
import type { Locale } from "./locales";

/**
 * The catalog namespaces client components ("use client") translate with: the only messages the
 * browser gets. NextIntlClientProvider without `messages` sends the whole catalog (~15 KB) inside
 * every page's inline React payload; server components translate on the server and need none of it.
 * client-messages.test.ts reads every client component and fails when one uses a namespace not listed.
 */
// "password" serves forms on two routes (invitations, password resets); the sign-in and forgot-password
// forms get theirs from their own pages (app/_components/scoped-messages.tsx), not on every page.
export const CLIENT_NAMESPACES = ["header", "revoke", "password"] as const;

const picked = new Map<Locale, AbstractIntlMessages>();

/** The client namespaces of a locale's catalog, picked once per locale. */
export function clientMessages(locale: Locale): AbstractIntlMessages {
  let messages = picked.get(locale);
  if (!messages) {
    const catalog = CATALOGS[locale];
    messages = Object.fromEntries(CLIENT_NAMESPACES.filter((ns) => ns in catalog).map((ns) => [ns, catalog[ns]!]));
    picked.set(locale, messages);
  }
  return messages;
}
