import "server-only";
import { and, eq } from "drizzle-orm";
import { db, pool } from "@/db/client";
import { connections } from "@/db/schema";
import { enqueue } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { activateInstallation, reportInstallationStatus } from "@/lib/providers/pleo/installations";
import { recordAudit } from "../audit";
import { getPleoAccessToken } from "./tokens";

/**
 * Keeping Pleo's view of our installation right (lib/providers/pleo/contract.ts): activate it after
 * a connect, report ERROR/AUTH_ERROR when the connection needs re-authorization. The connection
 * works whatever Pleo's installation record says, so a failure is never shown to the customer as a
 * failed connect. A failed activation is audited and retried on the job queue with backoff until it
 * succeeds or the connection ends (lib/connections/pleo/installation-job.ts); staff see it pending.
 */
type Target = { connectionId: string; workspaceId: string };

const reasonOf = (error: unknown) =>
  error instanceof Error && "reason" in error ? String((error as { reason: unknown }).reason) : "unknown";

/** Seconds before attempt n+1 after failed attempt n: 1 min, doubling, at most 6 h; plus up to 20 % jitter. */
export function activationRetryDelaySeconds(failedAttempt: number, random = Math.random()): number {
  const base = Math.min(60 * 2 ** (failedAttempt - 1), 6 * 3600);
  return Math.round(base * (1 + 0.2 * random));
}

async function attemptActivation(
  target: Target,
  attempt: number,
  accessToken: () => Promise<string>,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await activateInstallation(await accessToken());
    await recordAudit(db(), {
      action: "installation.activated",
      actor: { label: "system" },
      ...target,
      detail: { provider: "pleo", attempt },
    });
    return { ok: true };
  } catch (error) {
    const reason = reasonOf(error);
    log.warn("pleo.installation.activate_failed", { connectionId: target.connectionId, attempt, reason });
    return { ok: false, reason };
  }
}

/** Audit the failure and queue the next attempt; a queue failure is logged (staff still see it pending). */
async function scheduleRetry(target: Target, failedAttempt: number, reason: string): Promise<number | undefined> {
  const delaySeconds = activationRetryDelaySeconds(failedAttempt);
  await recordAudit(db(), {
    action: "installation.report_failed",
    actor: { label: "system" },
    ...target,
    detail: {
      provider: "pleo",
      report: "ACTIVATED",
      reason,
      attempt: failedAttempt,
      nextAttemptInSeconds: delaySeconds,
    },
  });
  try {
    await enqueue("pleo-installation-activate", { ...target, attempt: failedAttempt + 1 }, { delaySeconds });
    return delaySeconds;
  } catch (error) {
    log.error("pleo.installation.retry_not_queued", {
      connectionId: target.connectionId,
      reason: error instanceof Error ? error.message : "unknown",
    });
    return undefined;
  }
}

/** Right after a connect, with the fresh access token. Returns whether Pleo took it now. */
export async function activatePleoInstallation(target: Target, accessToken: string): Promise<boolean> {
  const result = await attemptActivation(target, 1, () => Promise.resolve(accessToken));
  if (!result.ok) await scheduleRetry(target, 1, result.reason);
  return result.ok;
}

const ACTIVATION_ACTIONS =
  "action = 'installation.activated' or (action = 'installation.report_failed' and detail->>'report' = 'ACTIVATED')";

/** Whether the connection's last activation outcome is a failure (nothing activated it since). */
async function stillPending(connectionId: string): Promise<boolean> {
  const { rows } = await pool().query<{ action: string }>(
    `select action from audit_events where connection_id = $1 and (${ACTIVATION_ACTIONS}) order by id desc limit 1`,
    [connectionId],
  );
  return rows[0]?.action === "installation.report_failed";
}

const isActivePleo = async (connectionId: string) =>
  (
    await db()
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.provider, "pleo"), eq(connections.status, "active")))
  ).length === 1;

/**
 * Attempt n of a failed activation (the job's handler). Stops when the connection ended (revoked,
 * needs re-authorization: a reconnect activates anew) or something else activated it since.
 */
export async function activatePendingPleoInstallation(target: Target, attempt: number): Promise<string> {
  if (!(await isActivePleo(target.connectionId))) return "connection ended; nothing to activate";
  if (!(await stillPending(target.connectionId))) return "already activated";
  const result = await attemptActivation(target, attempt, () => getPleoAccessToken(target.connectionId));
  if (result.ok) return `activated on attempt ${attempt}`;
  // A refresh that found the grant dead ended the connection: no retry.
  if (!(await isActivePleo(target.connectionId))) return "connection ended; nothing to activate";
  const delay = await scheduleRetry(target, attempt, result.reason);
  return delay === undefined
    ? `attempt ${attempt} failed (${result.reason}); next attempt not queued`
    : `attempt ${attempt} failed (${result.reason}); next in ${delay} s`;
}

export type PendingActivation = {
  connectionId: string;
  name: string;
  attempts: number;
  reason: string;
  lastFailedAt: Date;
};

/**
 * Staff view: active Pleo connections whose installation activation failed and is being retried.
 * Starts from the failures (indexed by action), not from every connection.
 */
export async function pendingPleoActivations(limit = 5): Promise<{ total: number; first: PendingActivation[] }> {
  const { rows } = await pool().query<{
    id: string;
    name: string;
    attempt: string | null;
    reason: string | null;
    at: Date;
    total: string;
  }>(
    `with latest as (
       select distinct on (connection_id) connection_id, action, detail, at
         from audit_events
        where connection_id in (select connection_id from audit_events where action = 'installation.report_failed' and detail->>'report' = 'ACTIVATED')
          and (${ACTIVATION_ACTIONS})
        order by connection_id, id desc)
     select c.id, coalesce(c.external_name, c.external_id) as name, l.detail->>'attempt' as attempt, l.detail->>'reason' as reason, l.at,
            count(*) over () as total
       from latest l join connections c on c.id = l.connection_id
      where l.action = 'installation.report_failed' and c.provider = 'pleo' and c.status = 'active'
      order by l.at desc
      limit $1`,
    [limit],
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    first: rows.map((r) => ({
      connectionId: r.id,
      name: r.name,
      attempts: Number(r.attempt ?? 1),
      reason: r.reason ?? "unknown",
      lastFailedAt: r.at,
    })),
  };
}

/**
 * The connection needs re-authorization: tell Pleo (ERROR, AUTH_ERROR) with the last access token,
 * which only works while that token lives — after a revoked grant or a long-expired one nothing can
 * be reported, and Pleo already knows (its own grant is gone). Returns whether Pleo took it.
 */
export async function reportPleoNeedsReauth(target: Target, liveAccessToken: string | undefined): Promise<boolean> {
  if (!liveAccessToken) {
    log.info("pleo.installation.error_not_reported", {
      connectionId: target.connectionId,
      reason: "no live access token",
    });
    return false;
  }
  try {
    await reportInstallationStatus(liveAccessToken, "ERROR", "AUTH_ERROR");
    await recordAudit(db(), {
      action: "installation.error_reported",
      actor: { label: "system" },
      ...target,
      detail: { provider: "pleo", status: "ERROR", errorCode: "AUTH_ERROR" },
    });
    return true;
  } catch (error) {
    log.info("pleo.installation.error_not_reported", { connectionId: target.connectionId, reason: reasonOf(error) });
    return false;
  }
}
