import { randomToken, sha256 } from "../core/ids";

/** Who granted access: one company, or a whole organisation (multi-entity customers). */
export interface PleoSubject {
  kind: "company" | "organisation";
  id: string;
}

export const subjectUrn = (s: PleoSubject) => `urn:pleo:${s.kind}:${s.id}`;

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  subject: PleoSubject;
  expiresAt: number;
  /** Set on first exchange; a second exchange revokes this grant. */
  grantId?: string;
}

export interface Grant {
  id: string;
  clientId: string;
  subject: PleoSubject;
  scopes: string[];
  createdAt: number;
  status: "active" | "revoked";
  revokedReason?: string;
  refreshCount: number;
  lastRefreshAt?: number;
}

export interface AccessToken {
  grantId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshToken {
  grantId: string;
  issuedAt: number;
  /** rotated: replaced by a newer one (reuse means theft); expired: forced by the control API. */
  state: "active" | "rotated" | "revoked" | "expired";
}

/** Pleo's record of our application installed for one subject (created by the OAuth flow). */
export interface Installation {
  id: string;
  resource: string;
  status: "ACTIVATED" | "INACTIVE" | "AUTHORIZED" | "PENDING_INTEGRATION" | "ERROR";
  errorCode: string | null;
  metadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** Every status the partner set, in order (tests assert the exact sequence). */
  history: string[];
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

/** In-memory authorization server state; tokens and codes are keyed by their SHA-256. */
export class PleoState {
  codes = new Map<string, AuthCode>();
  grants = new Map<string, Grant>();
  access = new Map<string, AccessToken>();
  refresh = new Map<string, RefreshToken>();
  /** By subject URN: one installation of our application per company or organisation. */
  installations = new Map<string, Installation>();
  private grantSeq = 0;

  constructor(private readonly accessTtlSec: number) {}

  reset(): void {
    this.codes.clear();
    this.grants.clear();
    this.access.clear();
    this.refresh.clear();
    this.installations.clear();
    this.grantSeq = 0;
  }

  issueCode(code: Omit<AuthCode, "grantId">): string {
    const value = randomToken("pleo_code");
    this.codes.set(sha256(value), { ...code });
    return value;
  }

  findCode(value: string): AuthCode | undefined {
    return this.codes.get(sha256(value));
  }

  createGrant(code: AuthCode, now: number): Grant {
    this.grantSeq += 1;
    const grant: Grant = {
      id: `grant_${String(this.grantSeq).padStart(4, "0")}`,
      clientId: code.clientId,
      subject: code.subject,
      scopes: code.scopes,
      createdAt: now,
      status: "active",
      refreshCount: 0,
    };
    this.grants.set(grant.id, grant);
    code.grantId = grant.id;
    // Completing the OAuth flow creates (or renews) the installation; an application that needs
    // configuration starts AUTHORIZED until the partner activates it.
    const resource = subjectUrn(grant.subject);
    const before = this.installations.get(resource);
    this.installations.set(resource, {
      id: before?.id ?? `inst_${String(this.installations.size + 1).padStart(4, "0")}`,
      resource,
      status: "AUTHORIZED",
      errorCode: null,
      metadata: before?.metadata ?? {},
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
      history: [...(before?.history ?? []), "AUTHORIZED"],
    });
    return grant;
  }

  issueTokens(grant: Grant, now: number): IssuedTokens {
    const accessToken = randomToken("pleo_at");
    const refreshToken = randomToken("pleo_rt");
    this.access.set(sha256(accessToken), { grantId: grant.id, expiresAt: now + this.accessTtlSec, revoked: false });
    this.refresh.set(sha256(refreshToken), { grantId: grant.id, issuedAt: now, state: "active" });
    return { accessToken, refreshToken };
  }

  findAccess(value: string): { token: AccessToken; grant: Grant } | undefined {
    const token = this.access.get(sha256(value));
    const grant = token && this.grants.get(token.grantId);
    return token && grant ? { token, grant } : undefined;
  }

  findRefresh(value: string): { token: RefreshToken; grant: Grant } | undefined {
    const token = this.refresh.get(sha256(value));
    const grant = token && this.grants.get(token.grantId);
    return token && grant ? { token, grant } : undefined;
  }

  /** Kills every access and refresh token of the grant; the grant cannot be used again. */
  revokeGrant(grantId: string, reason: string): boolean {
    const grant = this.grants.get(grantId);
    if (!grant || grant.status === "revoked") return false;
    grant.status = "revoked";
    grant.revokedReason = reason;
    for (const t of this.access.values()) if (t.grantId === grantId) t.revoked = true;
    for (const t of this.refresh.values()) if (t.grantId === grantId && t.state === "active") t.state = "revoked";
    return true;
  }

  /** Marks the grant's live refresh token expired, as if it had sat unused past the idle limit. */
  expireRefresh(grantId: string): number {
    let n = 0;
    for (const t of this.refresh.values()) {
      if (t.grantId === grantId && t.state === "active") {
        t.state = "expired";
        n += 1;
      }
    }
    return n;
  }

  activeRefresh(grantId: string): RefreshToken | undefined {
    for (const t of this.refresh.values()) if (t.grantId === grantId && t.state === "active") return t;
    return undefined;
  }

  accessActive(token: AccessToken, grant: Grant, now: number): boolean {
    return !token.revoked && grant.status === "active" && token.expiresAt > now;
  }
}
