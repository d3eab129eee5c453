import { PROVIDER_LABELS, STATUS_LABELS } from "@/lib/connections/dto";
import type { ListFilters } from "@/lib/connections/list-params";

type Props = { filters: ListFilters; workspaces: { id: string; name: string }[]; ignored: string[] };

const field = "mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function FilterForm({ filters, workspaces, ignored }: Props) {
  return (
    <form method="get" action="/dashboard" role="search" aria-label="Filter connections" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1.5fr_auto]">
      <label className="text-sm font-medium text-slate-700">
        Provider
        <select name="provider" defaultValue={filters.provider ?? ""} className={field}>
          <option value="">All providers</option>
          {Object.entries(PROVIDER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        Status
        <select name="status" defaultValue={filters.status ?? ""} className={field}>
          <option value="">All statuses</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        Workspace
        <select name="workspace" defaultValue={filters.workspaceId ?? ""} className={field}>
          <option value="">All workspaces</option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>{w.name}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        Search by name or id
        <input type="search" name="q" defaultValue={filters.q ?? ""} maxLength={100} placeholder="e.g. Nordlys or an account id" className={field} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
          Apply
        </button>
        <a href="/dashboard" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
          Clear
        </a>
      </div>
      {ignored.length > 0 && (
        <p role="status" data-testid="filter-note" className="text-sm text-amber-900 sm:col-span-2 lg:col-span-5">
          Some filter values in the address were not understood and are ignored ({ignored.join(", ")}).
        </p>
      )}
    </form>
  );
}
