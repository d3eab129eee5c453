import "server-only";
import { and, eq } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import { connectionCredentials, connections } from "@/db/schema";
import { log } from "@/lib/log";
import { ProviderUnavailable, ReauthorizationRequired } from "@/lib/providers/errors";
import { pleoApiRequest } from "@/lib/providers/pleo/api";
import { refreshTokens } from "@/lib/providers/pleo/token-endpoint";
import { recordAudit } from "../audit";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";
import { countRefreshOutcome } from "../read/refresh-stats";
import { deleteTokens, openAccessToken, openRefreshToken, readAccessToken, storeRotatedTokens } from "../credentials";
import { reportPleoNeedsReauth } from "./installation";
import { singleFlight } from "@/lib/single-flight";
import { ConnectionUnusable } from "../connection-unusable";

/** An access token is served while it has more than this left; otherwise it is refreshed first. */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;
const RETRY_DELAYS_MS = [250, 1000, 3000];

export { ConnectionUnusable };

const refreshOnce = singleFlight<string>();

/**
 * A valid Pleo access token for a connection. The hot path is one primary-key read; a refresh happens
 * once per expiry whatever the concurrency: one flight per connection in this process, then a row
 * lock across processes, then a re-check under the lock before calling Pleo.
 */
export async function getPleoAccessToken(connectionId: string): Promise<string> {
  // Hot path: one primary-key read (credentials.ts); a stored access token is trusted as is.
  const row = await readAccessToken(connectionId);
  if (
    row?.access_token &&
    row.access_token_expires_at &&
    row.access_token_expires_at.getTime() - Date.now() > ACCESS_TOKEN_MARGIN_MS
  ) {
    return openAccessToken(connectionId, row.access_token);
  }
  // The slow path locks, re-checks the connection's status and refreshes if needed.
  return refreshPleoAccessToken(connectionId);
}

/**
 * Refresh now (or adopt a refresh another caller just made). `rejectedAccessToken`: the token an API
 * call was refused with; it forces a refresh unless the stored token has already changed.
 */
export function refreshPleoAccessToken(connectionId: string, rejectedAccessToken?: string): Promise<string> {
  return refreshOnce(connectionId, () => refreshWithRetry(connectionId, rejectedAccessToken));
}

async function refreshWithRetry(connectionId: string, rejectedAccessToken?: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await refreshUnderLock(connectionId, rejectedAccessToken);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!(error instanceof ProviderUnavailable) || delay === undefined) {
        if (error instanceof ProviderUnavailable) await noteRefreshOutcome(connectionId, "unavailable");
        throw error;
      }
      await new Promise((r) => setTimeout(r, error.retryAfterMs ? Math.min(error.retryAfterMs, 10_000) : delay));
    }
  }
}

type LockedRow = { cred: typeof connectionCredentials.$inferSelect; status: string; workspaceId: string };
/** A dead grant carries what is needed to tell Pleo afterwards (the last access token, if it still lives). */
type RefreshOutcome = { token: string } | { deadGrant: string; workspaceId: string; liveAccessToken?: string };

/**
 * Lock a Pleo connection and then its credentials row (waiting, or skipping when `skipLocked`).
 * Connection first, then credentials: the one lock order of revoke, refresh, reconnect and the
 * sweep, so two of them never wait on each other in a cycle (a deadlock would abort one).
 */
async function lockCredentials(
  tx: Transaction,
  connectionId: string,
  skipLocked = false,
): Promise<LockedRow | undefined> {
  const mode = skipLocked ? ({ skipLocked: true } as const) : undefined;
  const [connection] = await tx
    .select({ status: connections.status, workspaceId: connections.workspaceId })
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.provider, "pleo")))
    .for("update", mode);
  if (!connection) return undefined;
  const [cred] = await tx
    .select()
    .from(connectionCredentials)
    .where(eq(connectionCredentials.connectionId, connectionId))
    .for("update", mode);
  return cred ? { cred, ...connection } : undefined;
}

/**
 * The one Pleo rotation: refresh a locked row, store the rotated pair in the caller's transaction
 * (credentials `version` + 1), note the refresh on the connection and count its outcome. A dead
 * grant is recorded and reported, not thrown, so it commits. `purpose`:
 * - "serve" (token manager, keep-alive): the new access token is stored for the hot path; a dead
 *   grant deletes the tokens and marks the connection needs_reauth (audit, event).
 * - "revoke" (revoked connection, provider-side revocation): only the refresh token is stored, and
 *   a dead grant changes nothing more: there is nothing left to revoke at Pleo.
 */
async function rotateLocked(
  tx: Transaction,
  connectionId: string,
  row: LockedRow,
  actor: string,
  purpose: "serve" | "revoke" = "serve",
): Promise<RefreshOutcome> {
  try {
    const tokens = await refreshTokens(openRefreshToken(connectionId, row.cred.refreshToken!));
    await storeRotatedTokens(tx, connectionId, tokens, { withAccessToken: purpose === "serve" });
    await tx
      .update(connections)
      .set({ lastRefreshAt: new Date(), lastRefreshOutcome: "ok", scopes: tokens.scopes })
      .where(eq(connections.id, connectionId));
    await countRefreshOutcome(tx, "pleo", "ok");
    log.info("pleo.refresh.ok", { connectionId, by: actor });
    return { token: tokens.accessToken };
  } catch (error) {
    if (!(error instanceof ReauthorizationRequired)) throw error;
    if (purpose === "revoke") {
      await tx
        .update(connections)
        .set({ lastRefreshAt: new Date(), lastRefreshOutcome: error.reason })
        .where(eq(connections.id, connectionId));
      await countRefreshOutcome(tx, "pleo", error.reason);
      return { deadGrant: error.reason, workspaceId: row.workspaceId };
    }
    // Read before the tokens go: Pleo can only hear ERROR through an access token it still accepts.
    const live =
      row.cred.accessToken && row.cred.accessTokenExpiresAt && row.cred.accessTokenExpiresAt.getTime() > Date.now()
        ? openAccessToken(connectionId, row.cred.accessToken)
        : undefined;
    // Terminal: the grant is dead. Never retry it; keep nothing that could be replayed.
    await deleteTokens(tx, connectionId);
    await tx
      .update(connections)
      .set({
        status: "needs_reauth",
        statusReason: `Pleo refused the refresh token (${error.reason})`,
        lastRefreshAt: new Date(),
        lastRefreshOutcome: error.reason,
      })
      .where(eq(connections.id, connectionId));
    await recordAudit(tx, {
      action: "connection.needs_reauth",
      actor: { label: actor },
      workspaceId: row.workspaceId,
      connectionId,
      detail: { reason: error.reason },
    });
    await recordConnectionEvent(tx, "connection.needs_reauth", connectionId, { reason: error.reason });
    await countRefreshOutcome(tx, "pleo", error.reason);
    return { deadGrant: error.reason, workspaceId: row.workspaceId, liveAccessToken: live };
  }
}

/** After the needs_reauth commit: tell Pleo's installation (best effort, outside the row lock). */
async function reportDeadGrant(connectionId: string, outcome: RefreshOutcome | "skipped"): Promise<void> {
  if (outcome === "skipped" || "token" in outcome) return;
  await reportPleoNeedsReauth({ connectionId, workspaceId: outcome.workspaceId }, outcome.liveAccessToken);
}

function settle(connectionId: string, outcome: RefreshOutcome): string {
  if ("token" in outcome) return outcome.token;
  log.warn("pleo.refresh.needs_reauth", { connectionId, reason: outcome.deadGrant });
  throw new ReauthorizationRequired("pleo", outcome.deadGrant);
}

async function refreshUnderLock(connectionId: string, rejectedAccessToken?: string): Promise<string> {
  const outcome = await db().transaction(async (tx): Promise<RefreshOutcome> => {
    const row = await lockCredentials(tx, connectionId);
    if (!row || row.status !== "active" || !row.cred.refreshToken)
      throw new ConnectionUnusable("This Pleo connection is not active");
    // Someone else may have refreshed while we waited for the lock.
    const current = row.cred.accessToken ? openAccessToken(connectionId, row.cred.accessToken) : undefined;
    const fresh =
      row.cred.accessTokenExpiresAt && row.cred.accessTokenExpiresAt.getTime() - Date.now() > ACCESS_TOKEN_MARGIN_MS;
    if (current && fresh && current !== rejectedAccessToken) return { token: current };
    return rotateLocked(tx, connectionId, row, "token-manager");
  });
  await reportDeadGrant(connectionId, outcome);
  return settle(connectionId, outcome);
}

/**
 * Keep-alive: refresh a connection whose refresh token was issued before `cutoff`, unless another
 * instance holds it or already did. Returns what happened; a dead grant is recorded, not thrown.
 */
export async function keepAliveRefresh(
  connectionId: string,
  cutoff: Date,
): Promise<"refreshed" | "skipped" | "needs_reauth"> {
  const outcome = await db().transaction(async (tx): Promise<RefreshOutcome | "skipped"> => {
    const row = await lockCredentials(tx, connectionId, true);
    if (!row || row.status !== "active" || !row.cred.refreshToken) return "skipped";
    if (row.cred.refreshTokenIssuedAt && row.cred.refreshTokenIssuedAt >= cutoff) return "skipped";
    return rotateLocked(tx, connectionId, row, "keep-alive");
  });
  await reportDeadGrant(connectionId, outcome);
  if (outcome === "skipped") return outcome;
  return "token" in outcome ? "refreshed" : "needs_reauth";
}

/**
 * For the provider-side revocation of a revoked connection (remote-revoke.ts): rotate its
 * refresh token once, in the caller's transaction, which already holds the connection's lock and
 * commits the rotated refresh token even when the revocation call fails (for the next try).
 * Returns the access token to revoke with, or undefined when the grant is already dead or gone.
 */
export async function rotateForRevocation(tx: Transaction, connectionId: string): Promise<string | undefined> {
  const row = await lockCredentials(tx, connectionId);
  if (!row?.cred.refreshToken) return undefined;
  const outcome = await rotateLocked(tx, connectionId, row, "revocation", "revoke");
  return "token" in outcome ? outcome.token : undefined;
}

async function noteRefreshOutcome(connectionId: string, outcome: string): Promise<void> {
  await db()
    .update(connections)
    .set({ lastRefreshOutcome: outcome })
    .where(eq(connections.id, connectionId))
    .catch(() => {});
  await countRefreshOutcome(db(), "pleo", outcome).catch(() => {});
}

/**
 * Call Pleo's API for a connection. A 401 means the access token died early: refresh once (unless
 * someone already did) and retry once.
 */
export async function pleoFetch(connectionId: string, path: string, init: RequestInit = {}): Promise<Response> {
  const token = await getPleoAccessToken(connectionId);
  const response = await pleoApiRequest(token, path, init);
  if (response.status !== 401) return response;
  const renewed = await refreshPleoAccessToken(connectionId, token);
  return pleoApiRequest(renewed, path, init);
}
