import { randomToken, sha256 } from "../core/ids";
import { RollingLog } from "../core/rolling-log";
import { PLIANT_ORGANIZATIONS } from "./data";

/** not_connected → pending (customer started) → active (partner activated) → revoked. */
export type AuthorizationStatus = "not_connected" | "pending" | "active" | "revoked";

export interface Authorization {
  status: AuthorizationStatus;
  changedAt: number | null;
  /** Set on activation; Pliant keeps it across a re-activation that sends none. */
  syncFromDate: string | null;
}

const DAY_MS = 86_400_000;

export class PliantState {
  authorizations = new Map<string, Authorization>();
  /** Access tokens by SHA-256 → expiry (unix seconds). */
  tokens = new Map<string, { expiresAt: number }>();
  /** Accepted API calls, for the 900 per 5 minutes per IP limit (all sandbox callers share 127.0.0.1). */
  apiCalls = new RollingLog(5 * 60_000);
  /** Issued client-credentials tokens, for the 42/hour and 100/day quota. */
  tokenIssues = new RollingLog(DAY_MS);

  constructor() {
    this.reset();
  }

  reset(): void {
    this.authorizations = new Map(
      PLIANT_ORGANIZATIONS.map((o) => [o.id, { status: "not_connected", changedAt: null, syncFromDate: null }]),
    );
    this.tokens.clear();
    this.apiCalls = new RollingLog(5 * 60_000);
    this.tokenIssues = new RollingLog(DAY_MS);
  }

  statusOf(orgId: string): AuthorizationStatus | undefined {
    return this.authorizations.get(orgId)?.status;
  }

  setStatus(orgId: string, status: AuthorizationStatus, now: number): void {
    const a = this.authorizations.get(orgId);
    if (a) Object.assign(a, { status, changedAt: now });
  }

  setSyncFromDate(orgId: string, date: string): void {
    const a = this.authorizations.get(orgId);
    if (a) a.syncFromDate = date;
  }

  issueToken(nowSec: number, ttlSec: number): string {
    const value = randomToken("pliant_at");
    this.tokens.set(sha256(value), { expiresAt: nowSec + ttlSec });
    return value;
  }

  findToken(value: string, nowSec: number): { expiresAt: number } | undefined {
    const t = this.tokens.get(sha256(value));
    return t && t.expiresAt > nowSec ? t : undefined;
  }
}
