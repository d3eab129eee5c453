import { randomBytes, randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { connectionCredentials, connections, workspaces } from "@/db/schema";
import { decryptWith, encryptWith, sealedKeyId, type KeyRing } from "./cipher";
import { rotateKeys } from "./rotate";

const oldKey = { id: "old", key: randomBytes(32) };
const newKey = { id: "new", key: randomBytes(32) };

// Rotation rewrites every table, so it gets a database of its own: other tests' rows stay untouched.
const name = `rotate_${randomBytes(4).toString("hex")}`;
const serverUrl = () => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = "/postgres";
  return u.toString();
};
let pool: pg.Pool;

beforeAll(async () => {
  await ensureDatabase(serverUrl(), name);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  await migrateDatabase(u.toString());
  pool = new pg.Pool({ connectionString: u.toString() });
});
afterAll(async () => {
  await pool.end();
  await dropDatabase(serverUrl(), name);
});

describe("keys:rotate (real PostgreSQL)", () => {
  it("re-encrypts every secret under the new first key; each still opens; a re-run changes nothing", async () => {
    const db = drizzle(pool);
    const [ws] = await db
      .insert(workspaces)
      .values({ name: `Rotate ${randomUUID()}` })
      .returning();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const [c] = await db
        .insert(connections)
        .values({ workspaceId: ws!.id, provider: "pleo", externalId: randomUUID(), status: "active" })
        .returning({ id: connections.id });
      ids.push(c!.id);
      const seal = (column: string, value: string) =>
        encryptWith([oldKey], value, { table: "connection_credentials", column, rowId: c!.id });
      await db.insert(connectionCredentials).values({
        connectionId: c!.id,
        accessToken: seal("access_token", `access-${i}`),
        refreshToken: seal("refresh_token", `refresh-${i}`),
      });
    }

    const ring: KeyRing = [newKey, oldKey];
    const report = await rotateKeys(pool, ring, { batchSize: 7 });
    expect(report.find((r) => r.table === "connection_credentials")?.rewritten).toBe(25);

    const rows = await db.select().from(connectionCredentials);
    expect(rows).toHaveLength(25);
    for (const row of rows) {
      const i = ids.indexOf(row.connectionId);
      for (const [column, value] of [
        ["access_token", row.accessToken],
        ["refresh_token", row.refreshToken],
      ] as const) {
        expect(sealedKeyId(value!)).toBe("new");
        // Only the new key is needed now: nothing is left under the old one.
        const plain = decryptWith([newKey], value!, {
          table: "connection_credentials",
          column,
          rowId: row.connectionId,
        });
        expect(plain).toBe(`${column === "access_token" ? "access" : "refresh"}-${i}`);
      }
    }

    const again = await rotateKeys(pool, ring);
    expect(again.every((r) => r.rewritten === 0)).toBe(true);
  });
});
