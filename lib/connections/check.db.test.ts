import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { pliantConnectKit } from "@/test/pliant-connect-kit";
import { createAdmin, startAuthorization } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { testConnection } from "./check";
import { approvePliantEntry } from "./pliant/approve";
import { acceptPliantLogin } from "./pliant/entry/accept";

// Test connection (check.ts), on a Pliant connection.
const sandbox = useSandbox();

beforeEach(pliantConnectKit(sandbox).reset);

describe("Test connection", () => {
  it("Test connection: refused for an inactive connection without asking Pliant, and limited per connection", async () => {
    const user = await createAdmin();
    const org = PLIANT_ORGANIZATIONS[0]!.id;
    const entry = await acceptPliantLogin(await startAuthorization(sandbox.pliant, org));
    if (entry.kind !== "accepted") throw new Error("entry refused");
    await approvePliantEntry(user, entry.entryId, entry.cookie);
    const [c] = await db()
      .select()
      .from(connections)
      .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, org)));
    const organizationCalls = async () => (await sandbox.pliant.counters())["pliant.organization"]?.total ?? 0;
    const before = await organizationCalls();
    const notices = [];
    for (let i = 0; i < 5; i++) notices.push(await testConnection(user, c!.id));
    expect(notices).toEqual(["test-ok", "test-ok", "test-ok", "test-rate-limited", "test-rate-limited"]);
    expect((await organizationCalls()) - before).toBe(3);
    await db().update(connections).set({ status: "revoked" }).where(eq(connections.id, c!.id));
    expect(await testConnection(user, c!.id)).toBe("test-inactive");
    expect((await organizationCalls()) - before).toBe(3);
  });
});
