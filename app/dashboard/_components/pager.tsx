import Link from "next/link";
import { useTranslations } from "next-intl";
import { listHref, type Cursor, type ListFilters } from "@/lib/connections/read/list-params";

/** Previous / Next links of a keyset page; both keep the current filters. */
export function Pager({ filters, previous, next }: { filters: ListFilters; previous?: Cursor; next?: Cursor }) {
  const t = useTranslations("pager");
  if (!previous && !next) return null;
  const link =
    "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-indigo-800 hover:bg-slate-100";
  return (
    <nav aria-label={t("label")} className="mt-4 flex justify-between gap-3">
      {previous ? (
        <Link href={listHref("/dashboard", filters, { before: previous })} className={link} rel="prev">
          ← {t("previous")}
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={listHref("/dashboard", filters, { after: next })} className={link} rel="next">
          {t("next")} →
        </Link>
      )}
    </nav>
  );
}
