import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { PROVIDER_LABELS, STATUS_LABELS, type ConnectionStatus, type ProviderName } from "@/lib/connections/read/dto";
import type { ConnectionCounts } from "@/lib/connections/read/staff-queries";
import { StatusBadge } from "./status-badge";

/** Counts at the top of the staff view; each one is a link to the list filtered by it. */
export function StatusSummary({ counts }: { counts: ConnectionCounts }) {
  const t = useTranslations("staff");
  const format = useFormatter();
  const n = (x: number) => format.number(x);
  return (
    <section
      aria-labelledby="summary-title"
      data-testid="status-summary"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="summary-title" className="text-sm font-semibold text-slate-700">
        {t("connectionCount", { count: counts.total })}
      </h2>
      <ul className="mt-3 flex flex-wrap gap-2 text-sm">
        {(Object.keys(STATUS_LABELS) as ConnectionStatus[]).map((s) => (
          <li key={s}>
            <Link href={`/dashboard?status=${s}`} className="summary-link">
              <StatusBadge status={s} testId="summary-status" />
              <span className="font-semibold tabular-nums">{n(counts.byStatus[s])}</span>
            </Link>
          </li>
        ))}
      </ul>
      <ul className="mt-2 flex flex-wrap gap-2 text-sm">
        {(Object.keys(PROVIDER_LABELS) as ProviderName[]).map((p) => (
          <li key={p}>
            <Link href={`/dashboard?provider=${p}`} className="summary-link">
              <span className="text-slate-700">{PROVIDER_LABELS[p]}</span>
              <span className="font-semibold tabular-nums">{n(counts.byProvider[p])}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
