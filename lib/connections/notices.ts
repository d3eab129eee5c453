/**
 * Messages shown after an action, chosen here and addressed by code: a URL can pick a message but
 * never inject text. `text` is the English original; pages show the catalog's `notices.<code>`.
 */
export const NOTICES = {
  "pleo-connected": { tone: "success", text: "Pleo is connected." },
  "pleo-reconnected": { tone: "success", text: "Pleo is reconnected: the same connection has fresh authorization." },
  "pleo-denied": { tone: "info", text: "The Pleo connection was not made: access was denied in Pleo." },
  "pleo-error": { tone: "error", text: "Pleo reported an error and the connection was not made. Please try again." },
  "pleo-unavailable": {
    tone: "error",
    text: "Pleo is unavailable right now. Nothing was changed; please try again in a moment.",
  },
  "pleo-unexpected": {
    tone: "error",
    text: "Pleo gave an unexpected answer. Nothing was changed; please try again or contact support.",
  },
  "pleo-not-configured": { tone: "error", text: "Pleo is not configured on this portal." },
  "company-elsewhere": {
    tone: "error",
    text: "That Pleo account is already connected to another workspace, so it was not connected here.",
  },
  "company-mismatch": {
    tone: "error",
    text: "You approved a different Pleo account than the one this connection belongs to. Reconnect with the same company, or connect the other one as a new connection.",
  },
  "pliant-connected": { tone: "success", text: "Pliant is connected." },
  "pliant-cancelled": { tone: "info", text: "The Pliant connection was cancelled." },
  "pliant-failed": { tone: "error", text: "The Pliant connection was not completed. Please start again from Pliant." },
  revoked: { tone: "success", text: "The connection is revoked and its tokens are deleted." },
  "revoked-remote-pending": {
    tone: "info",
    text: "The connection is revoked here. The provider could not be reached; the portal will keep trying to revoke it there too.",
  },
  "revoked-remote-failed": {
    tone: "error",
    text: "The connection is revoked here, but the provider refused to revoke it there (see the connection). The portal keeps retrying, and partner staff see it on their dashboard.",
  },
  "sync-from-saved": {
    tone: "success",
    text: "Saved: new Pliant connections of this workspace share data from that date on (a reconnected organization keeps the date it had).",
  },
  "sync-from-invalid": { tone: "error", text: "That choice is not available; nothing was changed." },
  "already-revoked": { tone: "info", text: "That connection was already revoked." },
  "admins-only": { tone: "info", text: "Only a customer admin can connect or change a workspace's connections." },
  "connection-not-found": { tone: "error", text: "That connection does not exist or is not yours." },
  "test-ok": { tone: "success", text: "Test connection: the provider answered and accepted the authorization." },
  "test-failed": { tone: "error", text: "Test connection failed: see the status and the audit trail below." },
  "test-inactive": { tone: "info", text: "Only an active connection can be tested. Reconnect it first." },
  "test-rate-limited": {
    tone: "info",
    text: "This connection was tested several times just now. Please wait a few minutes before testing it again.",
  },
} as const;

export type NoticeCode = keyof typeof NOTICES;

export function noticeFor(code: unknown): (typeof NOTICES)[NoticeCode] | undefined {
  return typeof code === "string" && Object.hasOwn(NOTICES, code) ? NOTICES[code as NoticeCode] : undefined;
}
