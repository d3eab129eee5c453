import { useFormatter, useTranslations } from "next-intl";
import type { RefreshDay } from "@/lib/connections/read/refresh-chart";
import { RefreshChartView } from "./refresh-chart-view";

// The days are UTC days (lib/connections/read/refresh-chart.ts), named in the reader's language.
const DAY_LABEL = { weekday: "short", day: "numeric", timeZone: "UTC" } as const;

/** Token refresh outcomes of the last 7 days: stacked SVG bars, with the same numbers as a table. */
export function RefreshChart({ days }: { days: RefreshDay[] }) {
  const t = useTranslations("refreshChart");
  const format = useFormatter();
  const sum = (k: "ok" | "unavailable" | "refused") => days.reduce((s, d) => s + d[k], 0);
  const words = {
    title: t("title", { days: days.length }),
    summary: t("summary", {
      days: days.length,
      ok: sum("ok"),
      unavailable: sum("unavailable"),
      refused: sum("refused"),
    }),
    ok: t("ok"),
    unavailable: t("unavailable"),
    refused: t("refused"),
    showTable: t("showTable"),
    caption: t("caption"),
    day: t("day"),
  };
  const labelled = days.map((d) => ({
    day: d.day,
    label: format.dateTime(new Date(`${d.day}T00:00:00Z`), DAY_LABEL),
    ok: d.ok,
    unavailable: d.unavailable,
    refused: d.refused,
  }));
  return <RefreshChartView words={words} days={labelled} />;
}
