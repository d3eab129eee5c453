import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import type { MailMessage } from "./messages";
import { renderMail } from "./render";

const EXPIRES = new Date("2026-11-30T09:15:00Z");

/** Every template in every language renders: a throwing date format once stopped every invitation mail. */
describe("renderMail", () => {
  for (const locale of LOCALES) {
    const messages: MailMessage[] = [
      {
        template: "invitation",
        to: "a@b.test",
        locale,
        link: "https://portal.test/invite/t",
        workspace: "Acme GmbH",
        inviter: "staff@partner.test",
        expiresAt: EXPIRES,
      },
      {
        template: "passwordReset",
        to: "a@b.test",
        locale,
        link: "https://portal.test/reset-password/t",
        expiresAt: EXPIRES,
      },
      { template: "passwordResetSso", to: "a@b.test", locale, signInUrl: "https://portal.test/sign-in" },
      {
        template: "connectionBroken",
        to: "a@b.test",
        locale,
        reason: "needs_reauth",
        provider: "Pleo",
        account: "Nordlys ApS",
        workspace: "Acme GmbH",
        link: "https://portal.test/connect/pleo?connection=c",
        reminderDays: null,
      },
      {
        template: "connectionBroken",
        to: "a@b.test",
        locale,
        reason: "revoked",
        provider: "Pliant",
        account: "Org",
        workspace: "Acme GmbH",
        link: "https://pliant.test/organizations/o/integrations",
        reminderDays: 3,
      },
      {
        template: "connectionBroken",
        to: "a@b.test",
        locale,
        reason: "error",
        provider: "Pliant",
        account: "Org",
        workspace: "Acme GmbH",
        link: "https://pliant.test/organizations/o/integrations",
        reminderDays: 7,
      },
      {
        template: "brokenDigest",
        to: "a@b.test",
        locale,
        items: [{ provider: "Pleo", account: "Nordlys ApS", workspace: "Acme GmbH", status: "needs_reauth" }],
        more: 2,
        link: "https://portal.test/dashboard",
      },
    ];
    for (const message of messages) {
      it(`${message.template} in ${locale}: subject, text and html, with the link and the expiry`, () => {
        const mail = renderMail(message);
        expect(mail.subject.length).toBeGreaterThan(3);
        const link = "link" in message ? message.link : message.signInUrl;
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(link);
        if ("expiresAt" in message) expect(mail.text).toMatch(/2026/);
        // Every value reached the text: no {placeholder} is left, no key printed instead of a sentence.
        expect(mail.text).not.toMatch(/[{}]|emails\./);
        if (message.template === "connectionBroken") expect(mail.text).toContain(message.account);
        if (message.template === "brokenDigest") expect(mail.subject).toContain("3");
      });
    }
  }
});
