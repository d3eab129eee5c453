import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useWhen } from "@/app/_components/use-when";
import { PROVIDER_LABELS, type ConnectionDto } from "@/lib/connections/dto";
import { ReconnectAndRevoke } from "./connection-actions";
import { StatusBadge } from "./status-badge";
import { TokenHealth } from "./token-health";

type Props = { rows: ConnectionDto[]; canManage: boolean; showWorkspace: boolean; reconnectUrl: (c: ConnectionDto) => string };

/**
 * One table, two shapes: a table from the `md` breakpoint up, a stack of cards below it (each cell
 * then shows its own label). One set of rows in the DOM, so tests and screen readers see one list.
 */
export function ConnectionTable({ rows, canManage, showWorkspace, reconnectUrl }: Props) {
  const t = useTranslations("connections");
  const when = useWhen();
  return (
    <div className="rounded-lg border border-slate-200 bg-white md:overflow-x-auto">
      <table className="block w-full text-sm md:table md:min-w-full md:divide-y md:divide-slate-200">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 md:table-header-group">
          <tr>
            <th scope="col" className="px-4 py-3">{t("account")}</th>
            {showWorkspace && <th scope="col" className="px-4 py-3">{t("workspace")}</th>}
            <th scope="col" className="px-4 py-3">{t("status")}</th>
            <th scope="col" className="px-4 py-3">{t("scopes")}</th>
            <th scope="col" className="px-4 py-3">{t("connected")}</th>
            <th scope="col" className="px-4 py-3">{t("tokenHealth")}</th>
            {canManage && <th scope="col" className="px-4 py-3"><span className="sr-only">{t("actions")}</span></th>}
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-200 md:table-row-group md:divide-slate-100">
          {rows.map((c) => (
            <tr key={c.id} data-testid="connection-row" data-connection-id={c.id} className="grid gap-3 p-4 sm:grid-cols-2 md:table-row md:p-0 md:align-top">
              <Cell label={t("account")} wide>
                <Link href={`/dashboard/connections/${c.id}`} className="font-medium text-indigo-800 underline-offset-2 hover:underline">
                  {c.externalName ?? c.externalId}
                </Link>
                <div className="break-all text-xs text-slate-600">
                  {PROVIDER_LABELS[c.provider]} · <span className="font-mono">{c.externalId}</span>
                </div>
              </Cell>
              {showWorkspace && <Cell label={t("workspace")}>{c.workspaceName}</Cell>}
              <Cell label={t("status")}>
                <StatusBadge status={c.status} />
                {c.remoteRevocationPending && !c.remoteRevocationError && <div className="mt-1 text-xs text-amber-800">{t("revocationPending", { provider: PROVIDER_LABELS[c.provider] })}</div>}
                {c.remoteRevocationPending && c.remoteRevocationError && (
                  <div data-testid="remote-revocation-failed" className="mt-1 max-w-56 text-xs font-medium text-red-800">
                    {t("revocationFailed", { provider: PROVIDER_LABELS[c.provider], reason: c.remoteRevocationError })}
                  </div>
                )}
                {c.statusReason && c.status !== "active" && <div className="mt-1 max-w-56 text-xs text-slate-600">{c.statusReason}</div>}
              </Cell>
              <Cell label={t("scopes")}>
                <span className="break-all font-mono text-xs">{c.scopes.join(" ") || "—"}</span>
              </Cell>
              <Cell label={t("connected")}>
                {when(c.connectedAt)}
                {c.connectedByEmail && <div className="text-xs text-slate-600">{t("by", { email: c.connectedByEmail })}</div>}
              </Cell>
              <Cell label={t("tokenHealth")}>
                <span className="text-xs">
                  <TokenHealth c={c} />
                </span>
              </Cell>
              {canManage && (
                <Cell wide>
                  <div className="flex flex-wrap gap-2 md:justify-end">
                    <ReconnectAndRevoke c={c} reconnectHref={reconnectUrl(c)} />
                  </div>
                </Cell>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A cell; below `md` it is a labelled block of a card. */
function Cell({ label, wide, children }: { label?: string; wide?: boolean; children: ReactNode }) {
  return (
    <td className={`block md:table-cell md:px-4 md:py-3 ${wide ? "sm:col-span-2" : ""}`}>
      {label && <span className="mb-0.5 block text-xs font-semibold uppercase tracking-wide text-slate-600 md:hidden">{label}</span>}
      {children}
    </td>
  );
}
