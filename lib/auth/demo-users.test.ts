import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed";
import { demoUsersWithPublishedPassword } from "./demo-users";
import { upsertUser } from "./users";

describe("the production start-up check for demo users", () => {
  it("finds every demo user whose password is still the published one, and only those", async () => {
    await seedDemo();
    expect(await demoUsersWithPublishedPassword()).toEqual(DEMO_USERS.map((u) => u.email));

    const [first, ...rest] = DEMO_USERS;
    await upsertUser({ ...first, password: `not-${DEMO_PASSWORD}-anymore` });
    expect(await demoUsersWithPublishedPassword()).toEqual(rest.map((u) => u.email));
    await seedDemo();
  }, 30_000);
});
