import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { jobStatuses, type JobStatus } from "@/lib/jobs/status";
import { formatWhen, relative } from "../_components/format";

export const metadata = { title: "Background jobs · Partner Connect Portal" };

function every(seconds?: number): string {
  if (!seconds) return "when queued";
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

function Outcome({ job }: { job: JobStatus }) {
  if (!job.lastOutcome) return <span className="text-slate-500">never run</span>;
  const ok = job.lastOutcome === "succeeded";
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-medium ${ok ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`} data-testid={`job-outcome-${job.name}`}>
      {ok ? "Succeeded" : "Failed"}
    </span>
  );
}

// /dashboard/jobs — partner staff: the background jobs (lib/jobs), as the workers last ran them.
export default async function JobsPage() {
  const user = await requireStaff("/dashboard/jobs");
  const now = new Date();
  const jobs = await jobStatuses(now);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <p className="mb-2 text-sm">
          <Link href="/dashboard" className="text-blue-700 underline">
            ← All connections
          </Link>
        </p>
        <h1 className="mb-2 text-2xl font-semibold">Background jobs</h1>
        <p className="mb-6 text-sm text-slate-600">
          Run by the workers on the PostgreSQL job queue; each scheduled job runs once per period however many workers run. A failed attempt is retried with growing delays.
        </p>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Job</th>
                <th scope="col" className="px-4 py-2 font-medium">Last run</th>
                <th scope="col" className="px-4 py-2 font-medium">Outcome</th>
                <th scope="col" className="px-4 py-2 font-medium">Next run</th>
                <th scope="col" className="px-4 py-2 font-medium">Failures</th>
                <th scope="col" className="px-4 py-2 font-medium">Queued</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.name} className="border-t border-slate-100 align-top" data-testid={`job-${job.name}`}>
                  <td className="px-4 py-3">
                    <div className="font-medium">{job.title}</div>
                    <div className="text-xs text-slate-500">
                      <code>{job.name}</code> · {every(job.everySeconds)} · {job.runs} {job.runs === 1 ? "attempt" : "attempts"}
                    </div>
                  </td>
                  <td className="px-4 py-3" title={job.lastFinishedAt?.toISOString()}>
                    {job.lastFinishedAt ? `${formatWhen(job.lastFinishedAt)} (${relative(job.lastFinishedAt, now.getTime())})` : "—"}
                  </td>
                  <td className="px-4 py-3">
                    <Outcome job={job} />
                    {job.lastDetail ? <div className="mt-1 max-w-xs text-xs text-slate-600">{job.lastDetail}</div> : null}
                  </td>
                  <td className="px-4 py-3" title={job.nextRunAt?.toISOString()}>
                    {job.nextRunAt ? `${formatWhen(job.nextRunAt)} (${relative(job.nextRunAt, now.getTime())})` : "when queued"}
                  </td>
                  <td className="px-4 py-3">
                    {job.failures} total{job.failuresInARow ? <div className="text-xs text-red-800">{job.failuresInARow} in a row</div> : null}
                  </td>
                  <td className="px-4 py-3">
                    {job.waiting} waiting{job.active ? `, ${job.active} running` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </>
  );
}
