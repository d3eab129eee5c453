import Link from "next/link";
import { PROVIDER_LABELS, type ConnectionDto } from "@/lib/connections/dto";
import { formatWhen } from "./format";
import { RevokeButton } from "./revoke-button";
import { StatusBadge } from "./status-badge";
import { TokenHealth } from "./token-health";

type Props = { rows: ConnectionDto[]; canManage: boolean; showWorkspace: boolean; reconnectUrl: (c: ConnectionDto) => string };

export function ConnectionTable({ rows, canManage, showWorkspace, reconnectUrl }: Props) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Connections</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3">Account</th>
            {showWorkspace && <th scope="col" className="px-4 py-3">Workspace</th>}
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Scopes</th>
            <th scope="col" className="px-4 py-3">Connected</th>
            <th scope="col" className="px-4 py-3">Tokens</th>
            {canManage && <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((c) => (
            <tr key={c.id} data-testid="connection-row" data-connection-id={c.id} className="align-top">
              <td className="px-4 py-3">
                <Link href={`/dashboard/connections/${c.id}`} className="font-medium text-indigo-800 underline-offset-2 hover:underline">
                  {c.externalName ?? c.externalId}
                </Link>
                <div className="text-xs text-slate-600">
                  {PROVIDER_LABELS[c.provider]} · <span className="font-mono">{c.externalId}</span>
                </div>
              </td>
              {showWorkspace && <td className="px-4 py-3">{c.workspaceName}</td>}
              <td className="px-4 py-3">
                <StatusBadge status={c.status} />
                {c.remoteRevocationPending && <div className="mt-1 text-xs text-amber-800">Revocation at {PROVIDER_LABELS[c.provider]} pending</div>}
                {c.statusReason && c.status !== "active" && <div className="mt-1 max-w-56 text-xs text-slate-600">{c.statusReason}</div>}
              </td>
              <td className="px-4 py-3 font-mono text-xs">{c.scopes.join(" ") || "—"}</td>
              <td className="px-4 py-3">
                {formatWhen(c.connectedAt)}
                {c.connectedByEmail && <div className="text-xs text-slate-600">by {c.connectedByEmail}</div>}
              </td>
              <td className="px-4 py-3 text-xs">
                <TokenHealth c={c} />
              </td>
              {canManage && (
                <td className="px-4 py-3">
                  <div className="flex flex-wrap justify-end gap-2">
                    {c.status !== "active" && c.status !== "pending" && (
                      <a href={reconnectUrl(c)} className="rounded-md border border-indigo-300 px-3 py-1 text-sm font-medium text-indigo-800 hover:bg-indigo-50">
                        Reconnect
                      </a>
                    )}
                    {c.status !== "revoked" && <RevokeButton connectionId={c.id} name={c.externalName ?? c.externalId} />}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
