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
  const translate = createTranslator({
    locale: message.locale,
    messages: CATALOGS[message.locale],
    timeZone: "UTC",
    getMessageFallback: missingMessage,
    onError: () => {},
  });
  // Keys are checked by the catalog test (every key in every language), not by the type system.
  const t = (key: string, values?: Record<string, string | number>) =>
    translate(`emails.${message.template}.${key}` as never, values as never);
  const when = (d: Date) =>
    new Intl.DateTimeFormat(message.locale, {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "UTC",
      timeZoneName: "short",
    }).format(d);
  let paragraphs: string[];
  let link: { href: string; label: string };
  let subject: string | undefined;
  let footerValues: Record<string, string> | undefined;
  switch (message.template) {
    case "invitation":
      paragraphs = [
        message.workspace
          ? t("bodyWorkspace", { inviter: message.inviter, workspace: message.workspace })
          : t("bodyStaff", { inviter: message.inviter }),
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
    case "connectionBroken": {
      const values = { provider: message.provider, account: message.account, workspace: message.workspace };
      // One sentence on what happened; a reminder says how long it has been waiting.
      const what = { needs_reauth: "bodyNeedsReauth", revoked: "bodyRevoked", error: "bodyError" }[message.reason];
      paragraphs = [t(what, values), ...(message.reminderDays ? [t("reminder", { days: message.reminderDays })] : [])];
      link = { href: message.link, label: t("action") };
      subject = t(message.reminderDays ? "reminderSubject" : "subject", values);
      footerValues = { workspace: message.workspace };
      break;
    }
    case "brokenDigest": {
      const status = { needs_reauth: t("statusNeedsReauth"), error: t("statusError") };
      const lines = message.items.map(
        (i) =>
          `• ${t("line", { provider: i.provider, account: i.account, workspace: i.workspace, status: status[i.status] })}`,
      );
      paragraphs = [t("body"), lines.join("\n"), ...(message.more > 0 ? [t("more", { count: message.more })] : [])];
      link = { href: message.link, label: t("action") };
      subject = t("subject", { count: message.items.length + message.more });
      break;
    }
  }
  const footer = t("footer", footerValues);
  subject ??= t("subject");
  const text = [...paragraphs, `${link.label}: ${link.href}`, footer].join("\n\n");
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`),
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
    `<p style="color:#555">${escapeHtml(footer)}</p>`,
  ].join("\n");
  return { subject, text, html: `<!doctype html><html lang="${message.locale}"><body>${html}</body></html>` };
}
