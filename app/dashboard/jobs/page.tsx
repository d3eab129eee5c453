import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import { PageHeader } from "@/app/_components/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { jobStatuses, type JobStatus } from "@/lib/jobs/status";

export async function generateMetadata() {
  const t = await getTranslations("jobs");
  return { title: t("metaTitle") };
}

type T = Awaited<ReturnType<typeof getTranslations<"jobs">>>;

function every(t: T, seconds?: number): string {
  if (!seconds) return t("whenQueued");
  if (seconds % 3600 === 0) return t("everyHours", { n: seconds / 3600 });
  if (seconds % 60 === 0) return t("everyMinutes", { n: seconds / 60 });
  return t("everySeconds", { n: seconds });
}

function Outcome({ job, t }: { job: JobStatus; t: T }) {
  if (!job.lastOutcome) return <span className="text-slate-500">{t("neverRun")}</span>;
  const ok = job.lastOutcome === "succeeded";
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${ok ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
      data-testid={`job-outcome-${job.name}`}
    >
      {ok ? t("succeeded") : t("failed")}
    </span>
  );
}

// /dashboard/jobs — partner staff: the background jobs (lib/jobs), as the workers last ran them.
export default async function JobsPage() {
  const user = await requireStaff("/dashboard/jobs");
  const now = new Date();
  const [jobs, t, when, format] = await Promise.all([
    jobStatuses(now),
    getTranslations("jobs"),
    getWhen(),
    getFormatter(),
  ]);
  // Whole minutes below an hour, hours below two days, then days: a job due in 40 s is "in 1 minute".
  const relative = (date: Date) => {
    const minutes = Math.abs(date.getTime() - now.getTime()) / 60_000;
    return format.relativeTime(date, { now, unit: minutes < 60 ? "minute" : minutes < 48 * 60 ? "hour" : "day" });
  };
  const title = (job: JobStatus) => (t.has(`titles.${job.name}`) ? t(`titles.${job.name}`) : job.title);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <p className="mb-2 text-sm">
          <Link href="/dashboard" className="text-blue-700 underline">
            ← {t("back")}
          </Link>
        </p>
        <h1 className="mb-2 text-2xl font-semibold">{t("heading")}</h1>
        <p className="mb-6 text-sm text-slate-600">{t("intro")}</p>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("job")}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("lastRun")}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("outcome")}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("nextRun")}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("failures")}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {t("queued")}
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.name} className="border-t border-slate-100 align-top" data-testid={`job-${job.name}`}>
                  <td className="px-4 py-3">
                    <div className="font-medium">{title(job)}</div>
                    <div className="text-xs text-slate-500">
                      <code>{job.name}</code> · {every(t, job.everySeconds)} · {t("attempts", { count: job.runs })}
                    </div>
                  </td>
                  <td className="px-4 py-3" title={job.lastFinishedAt?.toISOString()}>
                    {job.lastFinishedAt
                      ? t("whenRelative", { when: when(job.lastFinishedAt), relative: relative(job.lastFinishedAt) })
                      : "—"}
                  </td>
                  <td className="px-4 py-3">
                    <Outcome job={job} t={t} />
                    {job.lastDetail ? (
                      <div className="mt-1 max-w-xs text-xs text-slate-600">{job.lastDetail}</div>
                    ) : null}
                  </td>
                  <td className="px-4 py-3" title={job.nextRunAt?.toISOString()}>
                    {job.nextRunAt
                      ? t("whenRelative", { when: when(job.nextRunAt), relative: relative(job.nextRunAt) })
                      : t("whenQueued")}
                  </td>
                  <td className="px-4 py-3">
                    {t("failuresTotal", { count: job.failures })}
                    {job.failuresInARow ? (
                      <div className="text-xs text-red-800">{t("inARow", { count: job.failuresInARow })}</div>
                    ) : null}
                  </td>
                  <td className="px-4 py-3">{t("queue", { waiting: job.waiting, active: job.active })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </>
  );
}
