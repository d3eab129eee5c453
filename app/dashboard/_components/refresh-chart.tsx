import type { RefreshDay } from "@/lib/connections/refresh-chart";

// Colours with at least 3:1 contrast on white (graphics); the legend and the table carry the meaning too.
const SERIES = [
  { key: "ok", label: "Refreshed", color: "#047857" },
  { key: "unavailable", label: "Provider unavailable", color: "#b45309" },
  { key: "refused", label: "Refused (re-authorization needed)", color: "#b91c1c" },
] as const;

const W = 320;
const H = 120;
const BAR = 28;

// Built once: toLocaleDateString with options would build a new Intl.DateTimeFormat per bar.
const DAY_LABEL = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", timeZone: "UTC" });

function dayLabel(day: string): string {
  return DAY_LABEL.format(new Date(`${day}T00:00:00Z`));
}

/** Token refresh outcomes of the last 7 days: stacked SVG bars, with the same numbers as a table. */
export function RefreshChart({ days }: { days: RefreshDay[] }) {
  const totals = days.map((d) => d.ok + d.unavailable + d.refused);
  const max = Math.max(1, ...totals);
  const sum = (k: "ok" | "unavailable" | "refused") => days.reduce((s, d) => s + d[k], 0);
  const step = W / days.length;
  const summary = `Over the last ${days.length} days: ${sum("ok").toLocaleString("en-US")} refreshed, ${sum("unavailable").toLocaleString("en-US")} provider unavailable, ${sum("refused").toLocaleString("en-US")} refused.`;
  return (
    <section aria-labelledby="chart-title" data-testid="refresh-chart" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="chart-title" className="text-sm font-semibold text-slate-700">Token refreshes, last 7 days (UTC)</h2>
      <svg viewBox={`0 0 ${W} ${H + 18}`} className="mt-3 h-auto w-full max-w-md" role="img" aria-labelledby="chart-title chart-desc">
        <desc id="chart-desc">{summary}</desc>
        {days.map((d, i) => {
          let y = H;
          return (
            <g key={d.day}>
              {SERIES.map((s) => {
                const h = (d[s.key] / max) * (H - 4);
                y -= h;
                return h > 0 ? <rect key={s.key} x={i * step + (step - BAR) / 2} y={y} width={BAR} height={h} fill={s.color} /> : null;
              })}
              <text x={i * step + step / 2} y={H + 14} textAnchor="middle" fontSize="10" fill="#334155">{dayLabel(d.day)}</text>
            </g>
          );
        })}
        <line x1="0" x2={W} y1={H} y2={H} stroke="#64748b" strokeWidth="1" />
      </svg>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12"><rect width="12" height="12" rx="2" fill={s.color} /></svg>
            {s.label}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-indigo-800 underline">Show as a table</summary>
        <table className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">Token refreshes per day</caption>
          <thead>
            <tr><th scope="col">Day</th>{SERIES.map((s) => <th key={s.key} scope="col">{s.label}</th>)}</tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}><th scope="row" className="font-normal">{d.day}</th><td>{d.ok}</td><td>{d.unavailable}</td><td>{d.refused}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
