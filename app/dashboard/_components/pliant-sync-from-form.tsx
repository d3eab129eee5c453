import { useTranslations } from "next-intl";
import { SYNC_FROM_LABELS, type PliantSyncFrom } from "@/lib/connections/pliant/sync-from";
import { setPliantSyncFromAction } from "../actions";

/** The workspace's default for Pliant's syncFromDate, sent when an organization is first activated. */
export function PliantSyncFromForm({ current }: { current: PliantSyncFrom }) {
  const t = useTranslations("syncFrom");
  return (
    <form
      action={setPliantSyncFromAction}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm"
      data-testid="pliant-sync-from"
    >
      <label className="flex min-w-0 max-w-full flex-col gap-1">
        <span className="font-medium">{t("label")}</span>
        <select
          name="policy"
          defaultValue={current}
          className="w-full max-w-full rounded-md border border-slate-300 px-2 py-1.5"
        >
          {(Object.keys(SYNC_FROM_LABELS) as PliantSyncFrom[]).map((p) => (
            <option key={p} value={p}>
              {t(`options.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
      >
        {t("save")}
      </button>
    </form>
  );
}
