import { randomBytes, randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/db/client";
import { connectionCredentials, connections, workspaces } from "@/db/schema";
import { decryptWith, encryptWith, sealedKeyId, type KeyRing } from "./cipher";
import { rotateKeys } from "./rotate";

const oldKey = { id: "old", key: randomBytes(32) };
const newKey = { id: "new", key: randomBytes(32) };

describe("keys:rotate (real PostgreSQL)", () => {
  const ids: string[] = [];
  afterAll(async () => {
    await db().delete(connections).where(inArray(connections.id, ids));
  });

  it("re-encrypts every secret under the new first key; each still opens; a re-run changes nothing", async () => {
    const [ws] = await db().insert(workspaces).values({ name: `Rotate ${randomUUID()}` }).returning();
    for (let i = 0; i < 25; i++) {
      const [c] = await db()
        .insert(connections)
        .values({ workspaceId: ws!.id, provider: "pleo", externalId: randomUUID(), status: "active" })
        .returning({ id: connections.id });
      ids.push(c!.id);
      const seal = (column: string, value: string) =>
        encryptWith([oldKey], value, { table: "connection_credentials", column, rowId: c!.id });
      await db().insert(connectionCredentials).values({
        connectionId: c!.id,
        accessToken: seal("access_token", `access-${i}`),
        refreshToken: seal("refresh_token", `refresh-${i}`),
      });
    }

    const ring: KeyRing = [newKey, oldKey];
    const report = await rotateKeys(pool(), ring, { batchSize: 7 });
    expect(report.find((r) => r.table === "connection_credentials")?.rewritten).toBeGreaterThanOrEqual(25);

    const rows = await db().select().from(connectionCredentials).where(inArray(connectionCredentials.connectionId, ids));
    expect(rows).toHaveLength(25);
    for (const row of rows) {
      const i = ids.indexOf(row.connectionId);
      for (const [column, value] of [["access_token", row.accessToken], ["refresh_token", row.refreshToken]] as const) {
        expect(sealedKeyId(value!)).toBe("new");
        // Only the new key is needed now: nothing is left under the old one.
        const plain = decryptWith([newKey], value!, { table: "connection_credentials", column, rowId: row.connectionId });
        expect(plain).toBe(`${column === "access_token" ? "access" : "refresh"}-${i}`);
      }
    }

    const again = await rotateKeys(pool(), ring);
    expect(again.every((r) => r.rewritten === 0)).toBe(true);
    await db().delete(workspaces).where(eq(workspaces.id, ws!.id)).catch(() => {});
  });
});
