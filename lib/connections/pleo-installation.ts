import "server-only";
import { db } from "@/db/client";
import { log } from "@/lib/log";
import { activateInstallation, reportInstallationStatus } from "@/lib/providers/pleo/installations";
import { recordAudit } from "./audit";

/**
 * Keeping Pleo's view of our installation right (lib/providers/pleo/contract.ts): activate it after
 * a connect, report ERROR/AUTH_ERROR when the connection needs re-authorization. Both are best
 * effort: the connection works (or is dead) whatever Pleo's installation record says, so a failure
 * is logged and audited, never shown to the customer as a failed connect.
 */
type Target = { connectionId: string; workspaceId: string };

const reasonOf = (error: unknown) => (error instanceof Error && "reason" in error ? String((error as { reason: unknown }).reason) : "unknown");

export async function activatePleoInstallation(target: Target, accessToken: string): Promise<boolean> {
  try {
    await activateInstallation(accessToken);
    await recordAudit(db(), { action: "installation.activated", actor: { label: "system" }, ...target, detail: { provider: "pleo" } });
    return true;
  } catch (error) {
    log.warn("pleo.installation.activate_failed", { connectionId: target.connectionId, reason: reasonOf(error) });
    await recordAudit(db(), { action: "installation.report_failed", actor: { label: "system" }, ...target, detail: { provider: "pleo", report: "ACTIVATED", reason: reasonOf(error) } });
    return false;
  }
}

/**
 * The connection needs re-authorization: tell Pleo (ERROR, AUTH_ERROR) with the last access token,
 * which only works while that token lives — after a revoked grant or a long-expired one nothing can
 * be reported, and Pleo already knows (its own grant is gone). Returns whether Pleo took it.
 */
export async function reportPleoNeedsReauth(target: Target, liveAccessToken: string | undefined): Promise<boolean> {
  if (!liveAccessToken) {
    log.info("pleo.installation.error_not_reported", { connectionId: target.connectionId, reason: "no live access token" });
    return false;
  }
  try {
    await reportInstallationStatus(liveAccessToken, "ERROR", "AUTH_ERROR");
    await recordAudit(db(), { action: "installation.error_reported", actor: { label: "system" }, ...target, detail: { provider: "pleo", status: "ERROR", errorCode: "AUTH_ERROR" } });
    return true;
  } catch (error) {
    log.info("pleo.installation.error_not_reported", { connectionId: target.connectionId, reason: reasonOf(error) });
    return false;
  }
}
