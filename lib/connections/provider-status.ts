import "server-only";
import { and, count, desc, eq, isNotNull } from "drizzle-orm";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/users";
import type { ProviderName } from "./read/dto";
import type { FactSummary } from "@/lib/providers/contract";
import { pleoFactSummaries } from "@/lib/providers/pleo/contract";
import { pliantFactSummaries } from "@/lib/providers/pliant/contract";
import { pliantRateLimitStats, type PliantRateLimitStats } from "@/lib/providers/pliant/rate-limit";
import { quotaView, type QuotaBucketView } from "@/lib/providers/pliant/token-quota";
import { pendingPleoActivations, type PendingActivation } from "./pleo/installation";
import { sharedTokenState } from "./pliant/token";

/** What partner staff see of the providers' side: token quota, rate limiting, failed revocations, assumed contracts. */
export type ProviderStatus = {
  pliantQuota: { buckets: QuotaBucketView[]; observedAt: Date | null; blockedUntil: Date | null };
  pliantRateLimit: PliantRateLimitStats;
  failedRemoteRevocations: {
    total: number;
    first: { id: string; provider: ProviderName; name: string; error: string }[];
  };
  assumedFacts: FactSummary[];
  confirmedFacts: number;
  /** Pleo installations whose activation failed and is being retried on the job queue. */
  pendingPleoActivations: { total: number; first: PendingActivation[] };
};

export async function getProviderStatus(user: SessionUser): Promise<ProviderStatus> {
  if (user.role !== "partner_staff") throw new Error("provider status is for partner staff");
  const now = Date.now();
  const failing = and(eq(connections.remoteRevocationPending, true), isNotNull(connections.remoteRevocationError));
  const [token, [failed], first, pendingActivations] = await Promise.all([
    sharedTokenState(),
    db().select({ n: count() }).from(connections).where(failing),
    db()
      .select({
        id: connections.id,
        provider: connections.provider,
        externalId: connections.externalId,
        externalName: connections.externalName,
        error: connections.remoteRevocationError,
      })
      .from(connections)
      .where(failing)
      .orderBy(desc(connections.updatedAt))
      .limit(5),
    pendingPleoActivations(5),
  ]);
  const facts = [...pliantFactSummaries(), ...pleoFactSummaries()];
  return {
    pliantQuota: {
      buckets: quotaView(token?.quota, now),
      observedAt: token?.quota ? new Date(token.quota.observedAt) : null,
      blockedUntil: token?.retryAfter && token.retryAfter.getTime() > now ? token.retryAfter : null,
    },
    pliantRateLimit: pliantRateLimitStats(now),
    failedRemoteRevocations: {
      total: failed?.n ?? 0,
      first: first.map((c) => ({
        id: c.id,
        provider: c.provider,
        name: c.externalName ?? c.externalId,
        error: c.error ?? "",
      })),
    },
    assumedFacts: facts.filter((f) => f.status === "assumed"),
    confirmedFacts: facts.filter((f) => f.status === "confirmed").length,
    pendingPleoActivations: pendingActivations,
  };
}
