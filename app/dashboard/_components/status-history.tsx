import type { StatusChange } from "@/lib/connections/status-history";
import { useTranslations } from "next-intl";
import { useWhen } from "@/app/_components/use-when";
import { StatusBadge } from "./status-badge";

/** The connection's status over time, newest first, from its audit events. */
export function StatusHistory({ changes }: { changes: StatusChange[] }) {
  const t = useTranslations("statusHistory");
  const when = useWhen();
  return (
    <ol
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
      data-testid="status-history"
    >
      {changes.length === 0 && <li className="px-4 py-3 text-slate-600">{t("empty")}</li>}
      {[...changes].reverse().map((c) => (
        <li key={`${c.at.toISOString()}-${c.action}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
          <time className="w-48 text-slate-600" dateTime={c.at.toISOString()}>
            {when(c.at)}
          </time>
          <StatusBadge status={c.status} testId="history-status" />
          <span className="text-slate-700">{t("by", { actor: c.actor })}</span>
        </li>
      ))}
    </ol>
  );
}
