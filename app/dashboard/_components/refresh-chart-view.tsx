"use client";

import { useFormatter } from "next-intl";

// Colours with at least 3:1 contrast on white (graphics); the legend and the table carry the meaning too.
const SERIES = [
  { key: "ok", color: "#047857" },
  { key: "unavailable", color: "#b45309" },
  { key: "refused", color: "#b91c1c" },
] as const;
type Series = (typeof SERIES)[number]["key"];

const W = 320;
const H = 120;
const BAR = 28;

/** One UTC day of refresh outcomes, with its label already in the reader's language. */
export type RefreshChartDay = Record<Series, number> & { day: string; label: string };
export type RefreshChartWords = Record<Series | "title" | "summary" | "showTable" | "caption" | "day", string>;

/**
 * The chart's markup, from words and numbers refresh-chart.tsx made on the server. A client
 * component so that React's inline payload carries 7 days of numbers instead of a second copy of
 * every bar, label and table cell (issue #11 item 9, BENCHMARKS.md "Dashboard render cost").
 */
export function RefreshChartView({ words, days }: { words: RefreshChartWords; days: RefreshChartDay[] }) {
  const format = useFormatter();
  const max = Math.max(1, ...days.map((d) => d.ok + d.unavailable + d.refused));
  const step = W / days.length;
  return (
    <section
      aria-labelledby="chart-title"
      data-testid="refresh-chart"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="chart-title" className="text-sm font-semibold text-slate-700">
        {words.title}
      </h2>
      <svg
        viewBox={`0 0 ${W} ${H + 18}`}
        className="mt-3 h-auto w-full max-w-md"
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <desc id="chart-desc">{words.summary}</desc>
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
                {d.label}
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
            {words[s.key]}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-indigo-800 underline">{words.showTable}</summary>
        <table className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">{words.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{words.day}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {words[s.key]}
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
