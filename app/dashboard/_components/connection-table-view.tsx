"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ConnectionStatus } from "@/lib/connections/read/dto";
import { ReconnectAndRevoke } from "./connection-actions";
import { StatusBadgeView } from "./status-badge-view";
import { TokenHealthView, type TokenHealthWords } from "./token-health-view";

/** One row as connection-table.tsx made it: translated words and formatted dates only. */
export type ConnectionRowWords = {
  id: string;
  status: ConnectionStatus;
  externalId: string;
  externalName: string | null;
  provider: string;
  workspaceName?: string;
  revocationPending?: string;
  revocationFailed?: string;
  statusReason?: string;
  scopes: string;
  connected: string;
  connectedBy?: string;
  health: TokenHealthWords;
  reconnectHref?: string;
};

type Labels = Record<
  "caption" | "account" | "workspace" | "status" | "scopes" | "connected" | "tokenHealth" | "actions",
  string
> & { statuses: Record<ConnectionStatus, string> };

/**
 * One table, two shapes: a table from the `md` breakpoint up, a stack of cards below it (each cell
 * then shows its own label). One set of rows in the DOM, so tests and screen readers see one list.
 * The repeated class lists are named in globals.css (ct-*): they were most of each row's bytes.
 */
export function ConnectionTableView({
  labels,
  rows,
  canManage,
  showWorkspace,
}: {
  labels: Labels;
  rows: ConnectionRowWords[];
  canManage: boolean;
  showWorkspace: boolean;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white md:overflow-x-auto">
      <table className="block w-full text-sm md:table md:min-w-full md:divide-y md:divide-slate-200">
        <caption className="sr-only">{labels.caption}</caption>
        <thead className="hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 md:table-header-group">
          <tr>
            <th scope="col" className="px-4 py-3">
              {labels.account}
            </th>
            {showWorkspace && (
              <th scope="col" className="px-4 py-3">
                {labels.workspace}
              </th>
            )}
            <th scope="col" className="px-4 py-3">
              {labels.status}
            </th>
            <th scope="col" className="px-4 py-3">
              {labels.scopes}
            </th>
            <th scope="col" className="px-4 py-3">
              {labels.connected}
            </th>
            <th scope="col" className="px-4 py-3">
              {labels.tokenHealth}
            </th>
            {canManage && (
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">{labels.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-200 md:table-row-group md:divide-slate-100">
          {rows.map((c) => (
            <tr key={c.id} data-testid="connection-row" data-connection-id={c.id} className="ct-row">
              <Cell label={labels.account} wide>
                <Link href={`/dashboard/connections/${c.id}`} className="ct-name">
                  {c.externalName ?? c.externalId}
                </Link>
                <div className="ct-sub">
                  {c.provider} · <span className="font-mono">{c.externalId}</span>
                </div>
              </Cell>
              {showWorkspace && <Cell label={labels.workspace}>{c.workspaceName}</Cell>}
              <Cell label={labels.status}>
                <StatusBadgeView status={c.status} label={labels.statuses[c.status]} />
                {c.revocationPending && <div className="mt-1 text-xs text-amber-800">{c.revocationPending}</div>}
                {c.revocationFailed && (
                  <div
                    data-testid="remote-revocation-failed"
                    className="mt-1 max-w-56 text-xs font-medium text-red-800"
                  >
                    {c.revocationFailed}
                  </div>
                )}
                {c.statusReason && <div className="mt-1 max-w-56 text-xs text-slate-600">{c.statusReason}</div>}
              </Cell>
              <Cell label={labels.scopes}>
                <span className="ct-scopes">{c.scopes}</span>
              </Cell>
              <Cell label={labels.connected}>
                {c.connected}
                {c.connectedBy && <div className="text-xs text-slate-600">{c.connectedBy}</div>}
              </Cell>
              <Cell label={labels.tokenHealth}>
                <span className="text-xs">
                  <TokenHealthView words={c.health} />
                </span>
              </Cell>
              {canManage && (
                <Cell wide>
                  <div className="flex flex-wrap gap-2 md:justify-end">
                    <ReconnectAndRevoke c={c} reconnectHref={c.reconnectHref ?? ""} />
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
    <td className={wide ? "ct-cell sm:col-span-2" : "ct-cell"}>
      {label && <span className="ct-label">{label}</span>}
      {children}
    </td>
  );
}
