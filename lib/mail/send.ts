import "server-only";
import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { Transaction } from "@/db/client";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { openSecret, sealSecret, type SecretLocation } from "@/lib/vault";
import { decodeMail, encodeMail, type MailMessage } from "./messages";
import { renderMail } from "./render";

let transport: Transporter | undefined;

function transporter(): Transporter | undefined {
  const url = env().SMTP_URL;
  if (!url) return undefined;
  // Short timeouts: a stuck mail server must not pile up sockets.
  transport ??= nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return transport;
}

/** Render and deliver one message; resolves when the mail server accepted it. Called by the mail job. */
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

/** The mail job's payload: the template in the clear (logs, staff page), the rest sealed. */
export type QueuedMail = { template: string; ref: string; sealed: string };

/** The vault binds the ciphertext to this place: a sealed message opens only as this job's. */
const sealedAt = (ref: string): SecretLocation => ({ table: "mail-send", column: "message", rowId: ref });

export function sealMail(message: MailMessage): QueuedMail {
  const ref = randomUUID();
  return { template: message.template, ref, sealed: sealSecret(encodeMail(message), sealedAt(ref)) };
}

export function openMail(queued: QueuedMail): MailMessage {
  return decodeMail(openSecret(queued.sealed, sealedAt(queued.ref)));
}

/**
 * The one entry point for sending mail (docs/decisions/082): one INSERT into the job queue, never
 * a wait on the mail server. With `tx` the job exists exactly when the transaction commits (an
 * invitation is mailed only if it was stored). The message, link included, is sealed with the vault:
 * pg-boss keeps finished jobs for days, and single-use links must not sit there readable.
 */
export async function queueMail(message: MailMessage, options: { tx?: Transaction } = {}): Promise<void> {
  await enqueue("mail-send", sealMail(message), options.tx ? { tx: options.tx } : {});
}

/**
 * The old fire-and-forget entry point, kept so code written against it still compiles: it now only
 * queues (outside any transaction). New code awaits queueMail, with `tx` where there is one.
 */
export function sendMail(message: MailMessage): void {
  queueMail(message).catch((error: unknown) =>
    log.error("mail.queue_failed", {
      template: message.template,
      error: error instanceof Error ? error.name : "unknown",
    }),
  );
}
