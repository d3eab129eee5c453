import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { resolveSsoUser } from "./sso-link";

const ISSUER = "https://idp.example.test";

async function newUser(domain = "sso.test") {
  const email = `${randomUUID()}@${domain}`;
  const [row] = await db().insert(users).values({ email, role: "partner_staff" }).returning({ id: users.id });
  return { email, id: row!.id };
}

describe("linking single sign-on identities (real PostgreSQL)", () => {
  it("links on a verified email, then matches by (issuer, subject) only", async () => {
    const user = await newUser();
    const subject = randomUUID();
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject, email: user.email, emailVerified: true }, undefined),
    ).toEqual({ userId: user.id, sessionVersion: 1 });
    // Linked: the subject decides, even when the identity provider now shows another email.
    expect(
      await resolveSsoUser(
        { issuer: ISSUER, subject, email: "changed@elsewhere.test", emailVerified: false },
        undefined,
      ),
    ).toEqual({ userId: user.id, sessionVersion: 1 });
  });

  it.each([
    ["absent", undefined],
    ["false", false],
    ['the string "true"', "true"],
  ])("refuses the first link when email_verified is %s", async (_name, emailVerified) => {
    const user = await newUser();
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email: user.email, emailVerified }, undefined),
    ).toBe("email-not-verified");
  });

  it("refuses another subject with the same verified email once one is linked", async () => {
    const user = await newUser();
    await resolveSsoUser({ issuer: ISSUER, subject: "first", email: user.email, emailVerified: true }, undefined);
    expect(
      await resolveSsoUser(
        { issuer: ISSUER, subject: `other-${randomUUID()}`, email: user.email, emailVerified: true },
        undefined,
      ),
    ).toBe("other-identity-linked");
  });

  it("refuses unknown emails, and emails outside the allowed domains", async () => {
    expect(
      await resolveSsoUser(
        { issuer: ISSUER, subject: randomUUID(), email: `${randomUUID()}@sso.test`, emailVerified: true },
        undefined,
      ),
    ).toBe("no-such-user");
    const user = await newUser("partner.example");
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email: user.email, emailVerified: true }, [
        "partner.test",
      ]),
    ).toBe("domain-not-allowed");
    // Look-alike: the domain must match exactly, not as a suffix.
    const lookalike = await newUser("evilpartner.test");
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email: lookalike.email, emailVerified: true }, [
        "partner.test",
      ]),
    ).toBe("domain-not-allowed");
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email: user.email, emailVerified: true }, [
        "partner.example",
      ]),
    ).toMatchObject({ userId: user.id });
  });
});
