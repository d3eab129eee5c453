import { STATUS_LABELS, type ConnectionStatus } from "@/lib/connections/dto";

const TONES: Record<ConnectionStatus, string> = {
  active: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  pending: "bg-sky-100 text-sky-900 ring-sky-300",
  needs_reauth: "bg-amber-100 text-amber-900 ring-amber-300",
  revoked: "bg-slate-200 text-slate-800 ring-slate-300",
  error: "bg-red-100 text-red-900 ring-red-300",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span data-testid="status-badge" className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${TONES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
