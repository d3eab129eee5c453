import type { ConnectionStatus } from "@/lib/connections/read/dto";

const TONES: Record<ConnectionStatus, string> = {
  active: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  pending: "bg-sky-100 text-sky-900 ring-sky-300",
  needs_reauth: "bg-amber-100 text-amber-900 ring-amber-300",
  revoked: "bg-slate-200 text-slate-800 ring-slate-300",
  error: "bg-red-100 text-red-900 ring-red-300",
};

/** A status badge with its label already translated (status-badge.tsx), for server and client components alike. */
export function StatusBadgeView({
  status,
  label,
  testId = "status-badge",
}: {
  status: ConnectionStatus;
  label: string;
  testId?: string;
}) {
  return (
    <span data-testid={testId} className={`badge ${TONES[status]}`}>
      {label}
    </span>
  );
}
