import "server-only";
import { createTranslator } from "use-intl/core";
import { CATALOGS, missingMessage } from "@/lib/i18n/messages";
import type { MailMessage } from "./messages";

export type RenderedMail = { subject: string; text: string; html: string };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A message in its language: subject, plain text and a plain HTML twin. Dates are written in UTC
 * with the zone named, as the recipient's time zone is not known to a mail.
 */
export function renderMail(message: MailMessage): RenderedMail {
  const translate = createTranslator({ locale: message.locale, messages: CATALOGS[message.locale], timeZone: "UTC", getMessageFallback: missingMessage, onError: () => {} });
  // Keys are checked by the catalog test (every key in every language), not by the type system.
  const t = (key: string, values?: Record<string, string>) => translate(`emails.${message.template}.${key}` as never, values as never);
  const when = (d: Date) => new Intl.DateTimeFormat(message.locale, { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(d);
  let paragraphs: string[];
  let link: { href: string; label: string };
  switch (message.template) {
    case "invitation":
      paragraphs = [
        message.workspace ? t("bodyWorkspace", { inviter: message.inviter, workspace: message.workspace }) : t("bodyStaff", { inviter: message.inviter }),
        t("expiry", { when: when(message.expiresAt) }),
      ];
      link = { href: message.link, label: t("action") };
      break;
    case "passwordReset":
      paragraphs = [t("body"), t("expiry", { when: when(message.expiresAt) })];
      link = { href: message.link, label: t("action") };
      break;
    case "passwordResetSso":
      paragraphs = [t("body")];
      link = { href: message.signInUrl, label: t("action") };
      break;
  }
  const footer = t("footer");
  const subject = t("subject");
  const text = [...paragraphs, `${link.label}: ${link.href}`, footer].join("\n\n");
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
    `<p style="color:#555">${escapeHtml(footer)}</p>`,
  ].join("\n");
  return { subject, text, html: `<!doctype html><html lang="${message.locale}"><body>${html}</body></html>` };
}
