import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { db } from "@/db/client";
import { oauthFlows } from "@/db/schema";
import { openSecret, sealSecret } from "@/lib/vault";

/** An authorize round trip must finish within this; a state is usable once. */
export const FLOW_TTL_MS = 10 * 60 * 1000;

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");
const verifierAt = (flowId: string) => ({ table: "oauth_flows", column: "code_verifier", rowId: flowId });

export type NewFlow = { provider: "pleo"; userId: string; workspaceId: string; reconnectConnectionId?: string | null };

/** Start a flow: a random 256-bit state (stored only as a hash) and an encrypted PKCE verifier. */
export async function createOAuthFlow(flow: NewFlow): Promise<{ state: string; codeChallenge: string }> {
  const id = randomUUID();
  const state = randomBytes(32).toString("base64url");
  const verifier = oauth.generateRandomCodeVerifier();
  await db()
    .insert(oauthFlows)
    .values({
      id,
      stateHash: hashState(state),
      provider: flow.provider,
      codeVerifier: sealSecret(verifier, verifierAt(id)),
      userId: flow.userId,
      workspaceId: flow.workspaceId,
      reconnectConnectionId: flow.reconnectConnectionId ?? null,
      expiresAt: new Date(Date.now() + FLOW_TTL_MS),
    });
  // Expired flows are worthless; trimming here keeps the table small without a separate job.
  await db()
    .delete(oauthFlows)
    .where(lt(oauthFlows.expiresAt, new Date(Date.now() - FLOW_TTL_MS)));
  return { state, codeChallenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export type ConsumedFlow = {
  id: string;
  workspaceId: string;
  reconnectConnectionId: string | null;
  codeVerifier: string;
};
export type FlowRefusal = "unknown" | "used" | "expired" | "other_user";

/**
 * Consume a flow atomically (one UPDATE … RETURNING): only its own user, only once, only in time.
 * When nothing matches, a second read says why, for a clear message.
 */
export async function consumeOAuthFlow(state: string, userId: string): Promise<ConsumedFlow | FlowRefusal> {
  const stateHash = hashState(state);
  const [flow] = await db()
    .update(oauthFlows)
    .set({ consumedAt: sql`now()` })
    .where(
      and(
        eq(oauthFlows.stateHash, stateHash),
        eq(oauthFlows.userId, userId),
        isNull(oauthFlows.consumedAt),
        gt(oauthFlows.expiresAt, sql`now()`),
      ),
    )
    .returning();
  if (flow) {
    return {
      id: flow.id,
      workspaceId: flow.workspaceId,
      reconnectConnectionId: flow.reconnectConnectionId,
      codeVerifier: openSecret(flow.codeVerifier, verifierAt(flow.id)),
    };
  }
  const [known] = await db().select().from(oauthFlows).where(eq(oauthFlows.stateHash, stateHash));
  if (!known) return "unknown";
  if (known.userId !== userId) return "other_user";
  if (known.consumedAt) return "used";
  return "expired";
}
