import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { userOfSession } from "./guards";
import { endSessionsOf } from "./session-version";
import { upsertUser } from "./users";

/** What a session token issued now would carry for this user. */
async function tokenClaims(email: string) {
  const [row] = await db().select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.email, email));
  return { sub: row!.id, sv: row!.sv };
}

describe("session versions end older sessions (real PostgreSQL)", () => {
  const newAdmin = () => ({
    email: `${randomUUID()}@sessions.test`,
    password: "first-password-1",
    role: "customer_admin" as const,
    workspace: `Sessions ${randomUUID()}`,
  });

  it("a token of the current version is accepted; one without a version is not", async () => {
    const input = newAdmin();
    await upsertUser(input);
    const claims = await tokenClaims(input.email);
    expect(await userOfSession(claims)).toMatchObject({ email: input.email });
    expect(await userOfSession({ sub: claims.sub, sv: undefined })).toBeUndefined();
  });

  it("after sign-out (endSessionsOf) the old token is refused", async () => {
    const input = newAdmin();
    await upsertUser(input);
    const old = await tokenClaims(input.email);
    await endSessionsOf(old.sub);
    expect(await userOfSession(old)).toBeUndefined();
    expect(await userOfSession(await tokenClaims(input.email))).toBeDefined();
  });

  it("after a password change (users:create again) the old token is refused", async () => {
    const input = newAdmin();
    await upsertUser(input);
    const old = await tokenClaims(input.email);
    await upsertUser({ ...input, password: "second-password-2" });
    expect(await userOfSession(old)).toBeUndefined();
  });

  it("after a role change the old token is refused", async () => {
    const input = newAdmin();
    await upsertUser(input);
    const old = await tokenClaims(input.email);
    await upsertUser({ email: input.email, password: input.password, role: "partner_staff" });
    expect(await userOfSession(old)).toBeUndefined();
  });
});
