import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { listConnections } from "@/lib/connections/queries";
import { pliantAppUrl, reconnectUrl } from "@/lib/connections/reconnect";
import { ConnectionTable } from "./_components/connection-table";
import { NoticeBanner } from "./_components/notice-banner";

export const metadata = { title: "Connections · Partner Connect Portal" };

// /dashboard — connections: a customer admin sees their workspace, partner staff see all.
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/dashboard");
  const { notice } = await searchParams;
  const isAdmin = user.role === "customer_admin";
  const rows = await listConnections(user);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
          <h1 className="text-2xl font-semibold">{isAdmin ? `Connections of ${user.workspaceName}` : "All connections"}</h1>
          {isAdmin && (
            <div className="flex flex-wrap gap-3">
              <a href="/connect/pleo" className="rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800">
                Connect Pleo
              </a>
              <details className="relative">
                <summary className="cursor-pointer list-none rounded-md border border-indigo-300 bg-white px-4 py-2 font-medium text-indigo-800 hover:bg-indigo-50">
                  Connect Pliant
                </summary>
                <div className="absolute right-0 z-10 mt-2 w-80 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg">
                  <p>Pliant connections start in Pliant: open your organization&apos;s <strong>Integrations</strong> page there and choose <strong>Authorize</strong>. Pliant brings you back here to confirm.</p>
                  <a href={pliantAppUrl()} className="mt-3 inline-block font-medium text-indigo-800 underline">
                    Open Pliant
                  </a>
                </div>
              </details>
            </div>
          )}
        </div>
        <NoticeBanner code={notice} />
        {rows.length === 0 ? (
          <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
            <h2 className="text-lg font-medium">No connections yet</h2>
            <p className="mt-2 text-sm text-slate-600">
              {isAdmin
                ? "Connect a Pleo company with Connect Pleo, or start a Pliant connection from Pliant. Each appears here with its status and token health."
                : "When customers connect Pleo companies or Pliant organizations, they appear here with their status and token health."}
            </p>
          </section>
        ) : (
          <ConnectionTable rows={rows} canManage={isAdmin} showWorkspace={!isAdmin} reconnectUrl={reconnectUrl} />
        )}
      </main>
    </>
  );
}
