import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import type { MailMessage } from "./messages";
import { renderMail } from "./render";

const EXPIRES = new Date("2026-11-30T09:15:00Z");

/** Every template in every language renders: a throwing date format once stopped every invitation mail. */
describe("renderMail", () => {
  for (const locale of LOCALES) {
    const messages: MailMessage[] = [
      { template: "invitation", to: "a@b.test", locale, link: "https://portal.test/invite/t", workspace: "Acme GmbH", inviter: "staff@partner.test", expiresAt: EXPIRES },
      { template: "passwordReset", to: "a@b.test", locale, link: "https://portal.test/reset-password/t", expiresAt: EXPIRES },
      { template: "passwordResetSso", to: "a@b.test", locale, signInUrl: "https://portal.test/sign-in" },
    ];
    for (const message of messages) {
      it(`${message.template} in ${locale}: subject, text and html, with the link and the expiry`, () => {
        const mail = renderMail(message);
        expect(mail.subject.length).toBeGreaterThan(3);
        const link = "link" in message ? message.link : message.signInUrl;
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(link);
        if ("expiresAt" in message) expect(mail.text).toMatch(/2026/);
      });
    }
  }
});
