import type { AuditEntry } from "@/lib/connections/queries";
import { formatWhen } from "./format";

// Words for the recorded actions; the action code stays visible beside them for support staff.
const ACTION_LABELS: Record<string, string> = {
  "connection.connected": "Connected",
  "connection.reconnected": "Reconnected",
  "connection.refused": "Connection refused",
  "connection.revoked": "Revoked",
  "connection.revoked_remotely": "Revoked at the provider",
  "connection.remote_revocation_pending": "Provider revocation pending",
  "connection.remote_revocation_done": "Provider revocation confirmed",
  "connection.needs_reauth": "Needs re-authorization",
  "connection.activation_failed": "Activation failed",
  "connection.tested": "Tested",
  "token.refresh_failed": "Token refresh failed",
  "token.keep_alive": "Token kept alive",
};

/** Who did what, when: the connection's audit events, newest first. */
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="audit-trail">
      {entries.length === 0 && <li className="px-4 py-3 text-slate-600">No events yet.</li>}
      {entries.map((e) => (
        <li key={e.id} className="grid gap-x-4 gap-y-0.5 px-4 py-2 sm:grid-cols-[12rem_1fr_auto]">
          <time className="text-slate-600" dateTime={e.at.toISOString()}>{formatWhen(e.at)}</time>
          <span>
            <span className="font-medium">{ACTION_LABELS[e.action] ?? e.action}</span>{" "}
            <span className="font-mono text-xs text-slate-600">{e.action}</span>
            {typeof e.detail.outcome === "string" && <span className="text-slate-700"> — outcome: {e.detail.outcome}</span>}
          </span>
          <span className="break-all text-slate-700">{e.actor}</span>
        </li>
      ))}
    </ol>
  );
}
