import { useTranslations } from "next-intl";
import { PROVIDER_LABELS, STATUS_LABELS, type ConnectionStatus } from "@/lib/connections/read/dto";
import type { ListFilters } from "@/lib/connections/read/list-params";

type Props = { filters: ListFilters; workspaces: { id: string; name: string }[]; ignored: string[] };

const field = "mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function FilterForm({ filters, workspaces, ignored }: Props) {
  const t = useTranslations("filters");
  const status = useTranslations("status");
  return (
    <form
      method="get"
      action="/dashboard"
      role="search"
      aria-label={t("label")}
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1.5fr_auto]"
    >
      <label className="text-sm font-medium text-slate-700">
        {t("provider")}
        <select name="provider" defaultValue={filters.provider ?? ""} className={field}>
          <option value="">{t("allProviders")}</option>
          {Object.entries(PROVIDER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        {t("status")}
        <select name="status" defaultValue={filters.status ?? ""} className={field}>
          <option value="">{t("allStatuses")}</option>
          {(Object.keys(STATUS_LABELS) as ConnectionStatus[]).map((value) => (
            <option key={value} value={value}>
              {status(value)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        {t("workspace")}
        <select name="workspace" defaultValue={filters.workspaceId ?? ""} className={field}>
          <option value="">{t("allWorkspaces")}</option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium text-slate-700">
        {t("search")}
        <input
          type="search"
          name="q"
          defaultValue={filters.q ?? ""}
          maxLength={100}
          placeholder={t("searchPlaceholder")}
          className={field}
        />
      </label>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800"
        >
          {t("apply")}
        </button>
        <a
          href="/dashboard"
          className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          {t("clear")}
        </a>
      </div>
      {ignored.length > 0 && (
        <p role="status" data-testid="filter-note" className="text-sm text-amber-900 sm:col-span-2 lg:col-span-5">
          {t("ignored", { names: ignored.join(", ") })}
        </p>
      )}
    </form>
  );
}
