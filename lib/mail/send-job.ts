import "server-only";
import { defineJob } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { deliverMail, openMail } from "./send";

/** A failure the queue retries; its message names the SMTP code only, never an address or a link. */
class MailNotSent extends Error {
  override name = "MailNotSent";
}

/**
 * Deliver one queued mail. A temporary failure (no connection, 4xx) throws, and the queue retries
 * with backoff: 1, 2, 4, 8 … minutes, about a day in all. A permanent refusal (5xx: no such
 * mailbox) is not retried: it would be refused again.
 */
export const mailSendJob = defineJob({
  name: "mail-send",
  title: "Emails (invitations, password resets, connection alerts, digests)",
  retry: { limit: 10, delaySeconds: 60, backoff: true },
  expireInSeconds: 120,
  pollingIntervalSeconds: 1,
  run: async (queued) => {
    const message = openMail(queued);
    try {
      await deliverMail(message);
    } catch (error) {
      const smtp = error as { responseCode?: number; code?: string };
      if (smtp.responseCode && smtp.responseCode >= 500) {
        log.warn("mail.rejected", { template: queued.template, responseCode: smtp.responseCode });
        return `${queued.template}: refused by the mail server (${smtp.responseCode}), not retried`;
      }
      throw new MailNotSent(
        `${queued.template}: ${smtp.responseCode ?? smtp.code ?? (error instanceof Error ? error.name : "unknown")}`,
      );
    }
    return `${queued.template} sent`;
  },
});
