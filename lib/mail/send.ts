import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { MailMessage } from "./messages";
import { renderMail } from "./render";

let transport: Transporter | undefined;

function transporter(): Transporter | undefined {
  const url = env().SMTP_URL;
  if (!url) return undefined;
  // Short timeouts: a stuck mail server must not pile up sockets.
  transport ??= nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return transport;
}

/** Render and deliver one message; resolves when the mail server accepted it (tests await this). */
export async function deliverMail(message: MailMessage): Promise<void> {
  const mail = renderMail(message);
  const t = transporter();
  if (!t) {
    // Without SMTP_URL nothing is sent; the log names the template, never the link.
    log.warn("mail.not_configured", { template: message.template });
    return;
  }
  await t.sendMail({ from: env().MAIL_FROM, to: message.to, subject: mail.subject, text: mail.text, html: mail.html });
  log.info("mail.sent", { template: message.template });
}

/**
 * The one entry point for sending mail: never blocks the request and never throws into it.
 * Failures are logged (template only: links carry single-use secrets). To move onto the job
 * queue, this body becomes "enqueue", and the worker calls deliverMail.
 */
export function sendMail(message: MailMessage): void {
  deliverMail(message).catch((error: unknown) => log.error("mail.failed", { template: message.template, error: error instanceof Error ? error.name : "unknown" }));
}
