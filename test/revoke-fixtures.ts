import { eq } from "drizzle-orm";
import { beforeEach } from "vitest";
import { db } from "@/db/client";
import { connectionCredentials, connections } from "@/db/schema";
import { createAdmin, createPleoConnection } from "./pleo-fixtures";
import { useSandbox } from "./sandbox";

/**
 * The setup the revocation tests share (lib/connections/revoke*.test.ts): the sandbox providers for
 * the file, and a fresh workspace whose admin holds a live Pleo connection. Call at the top of a
 * file. `resetBeforeEach`: a fresh sandbox Pleo before each test of the file (counters at zero).
 */
export function useRevokeFixtures({ resetBeforeEach = true } = {}) {
  const sandbox = useSandbox();
  if (resetBeforeEach) beforeEach(async () => void (await sandbox.pleo.reset()));

  /** A new workspace, its admin as the guards would hand it over, and one Pleo connection of it. */
  async function adminWithConnection(opts: { expired?: boolean } = {}) {
    const user = await createAdmin();
    const { connection } = await createPleoConnection(sandbox.pleo, user.workspaceId, opts);
    return { user, connection };
  }
  const rowOf = async (id: string) => (await db().select().from(connections).where(eq(connections.id, id)))[0]!;
  const credentialsOf = async (id: string) =>
    (await db().select().from(connectionCredentials).where(eq(connectionCredentials.connectionId, id)))[0];
  /** Installations Pleo actually deleted (204s): the remote revocations that happened. */
  const deletes = async () => (await sandbox.pleo.counters())["pleo.installations.delete"]?.byStatus?.["204"] ?? 0;

  return { sandbox, adminWithConnection, rowOf, credentialsOf, deletes };
}
