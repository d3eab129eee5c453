import type { AuditEntry } from "@/lib/connections/read/queries";
import { useTranslations } from "next-intl";
import { useWhen } from "@/app/_components/use-when";

// Words for the recorded actions (catalog: audit.actions); the code stays visible beside them for support staff.
const KNOWN_ACTIONS = new Set([
  "connection.connected",
  "connection.reconnected",
  "connection.refused",
  "connection.revoked",
  "connection.revoked_remotely",
  "connection.remote_revocation_pending",
  "connection.remote_revocation_done",
  "connection.needs_reauth",
  "connection.activation_failed",
  "connection.tested",
  "token.refresh_failed",
  "token.keep_alive",
]);

/** Who did what, when: the connection's audit events, newest first. */
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  const t = useTranslations("audit");
  const when = useWhen();
  return (
    <ol
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
      data-testid="audit-trail"
    >
      {entries.length === 0 && <li className="px-4 py-3 text-slate-600">{t("empty")}</li>}
      {entries.map((e) => (
        <li key={e.id} className="grid gap-x-4 gap-y-0.5 px-4 py-2 sm:grid-cols-[12rem_1fr_auto]">
          <time className="text-slate-600" dateTime={e.at.toISOString()}>
            {when(e.at)}
          </time>
          <span>
            <span className="font-medium">
              {KNOWN_ACTIONS.has(e.action) ? t(`actions.${e.action.replace(".", "_")}`) : e.action}
            </span>{" "}
            <span className="font-mono text-xs text-slate-600">{e.action}</span>
            {typeof e.detail.outcome === "string" && (
              <span className="text-slate-700"> — {t("outcome", { outcome: e.detail.outcome })}</span>
            )}
          </span>
          <span className="break-all text-slate-700">{e.actor}</span>
        </li>
      ))}
    </ol>
  );
}
