import { useFormatter, useTranslations } from "next-intl";
import type { RefreshDay } from "@/lib/connections/read/refresh-chart";

// Colours with at least 3:1 contrast on white (graphics); the legend and the table carry the meaning too.
const SERIES = [
  { key: "ok", color: "#047857" },
  { key: "unavailable", color: "#b45309" },
  { key: "refused", color: "#b91c1c" },
] as const;

const W = 320;
const H = 120;
const BAR = 28;

// The days are UTC days (lib/connections/read/refresh-chart.ts), named in the reader's language.
const DAY_LABEL = { weekday: "short", day: "numeric", timeZone: "UTC" } as const;

/** Token refresh outcomes of the last 7 days: stacked SVG bars, with the same numbers as a table. */
export function RefreshChart({ days }: { days: RefreshDay[] }) {
  const t = useTranslations("refreshChart");
  const format = useFormatter();
  const dayLabel = (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), DAY_LABEL);
  const totals = days.map((d) => d.ok + d.unavailable + d.refused);
  const max = Math.max(1, ...totals);
  const sum = (k: "ok" | "unavailable" | "refused") => days.reduce((s, d) => s + d[k], 0);
  const step = W / days.length;
  const summary = t("summary", {
    days: days.length,
    ok: sum("ok"),
    unavailable: sum("unavailable"),
    refused: sum("refused"),
  });
  return (
    <section
      aria-labelledby="chart-title"
      data-testid="refresh-chart"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="chart-title" className="text-sm font-semibold text-slate-700">
        {t("title", { days: days.length })}
      </h2>
      <svg
        viewBox={`0 0 ${W} ${H + 18}`}
        className="mt-3 h-auto w-full max-w-md"
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <desc id="chart-desc">{summary}</desc>
        {days.map((d, i) => {
          let y = H;
          return (
            <g key={d.day}>
              {SERIES.map((s) => {
                const h = (d[s.key] / max) * (H - 4);
                y -= h;
                return h > 0 ? (
                  <rect key={s.key} x={i * step + (step - BAR) / 2} y={y} width={BAR} height={h} fill={s.color} />
                ) : null;
              })}
              <text x={i * step + step / 2} y={H + 14} textAnchor="middle" fontSize="10" fill="#334155">
                {dayLabel(d.day)}
              </text>
            </g>
          );
        })}
        <line x1="0" x2={W} y1={H} y2={H} stroke="#64748b" strokeWidth="1" />
      </svg>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
              <rect width="12" height="12" rx="2" fill={s.color} />
            </svg>
            {t(s.key)}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-indigo-800 underline">{t("showTable")}</summary>
        <table className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("day")}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {t(s.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row" className="font-normal">
                  {d.day}
                </th>
                <td>{format.number(d.ok)}</td>
                <td>{format.number(d.unavailable)}</td>
                <td>{format.number(d.refused)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
