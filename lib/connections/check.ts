import "server-only";
import type { AdminUser } from "@/lib/auth/guards";
import { db } from "@/db/client";
import { recordAttempt } from "@/lib/rate-limit";
import { actorOf, recordAudit } from "./audit";
import type { NoticeCode } from "./notices";
import { providerFor } from "./registry";
import { findVisibleConnection } from "./read/queries";

/** Test connection per connection: 3 per 10 minutes, then a lockout that doubles (provider quotas are shared). */
export const TEST_LIMIT = { max: 3, windowMs: 10 * 60_000 };

/** Ask the provider whether the connection works, record the outcome, and say it in words. */
export async function testConnection(user: AdminUser, connectionId: string): Promise<NoticeCode> {
  const connection = await findVisibleConnection(user, connectionId);
  if (!connection) return "connection-not-found";
  // Only an active connection has anything to test; the others would only spend provider quota.
  if (connection.status !== "active") return "test-inactive";
  const attempt = await recordAttempt([{ key: `test-connection:${connection.id}`, ...TEST_LIMIT }]);
  if (!attempt.allowed) return "test-rate-limited";
  let outcome: string;
  try {
    // Each provider's probe (providers/*.ts); Pliant's also marks a connection revoked there.
    const response = await providerFor(connection.provider).probe(connection);
    await response.body?.cancel();
    outcome = response.ok ? "ok" : `http ${response.status}`;
  } catch (error) {
    outcome = error instanceof Error ? error.name : "failed";
  }
  await recordAudit(db(), {
    action: "connection.tested",
    actor: actorOf(user),
    workspaceId: connection.workspaceId,
    connectionId,
    detail: { outcome },
  });
  return outcome === "ok" ? "test-ok" : "test-failed";
}
