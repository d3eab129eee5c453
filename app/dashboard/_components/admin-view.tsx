import { getTranslations } from "next-intl/server";
import type { AdminUser } from "@/lib/auth/guards";
import type { ListParams } from "@/lib/connections/read/list-params";
import { getWorkspaceSyncFrom } from "@/lib/connections/pliant/sync-from";
import { pliantAppUrl } from "@/lib/connections/pliant/provider";
import { reconnectUrl } from "@/lib/connections/reconnect";
import { listConnectionPage } from "@/lib/connections/read/staff-queries";
import { ConnectionTable } from "./connection-table";
import { NewConnectionNotices } from "./new-connection-notices";
import { NoticeBanner } from "./notice-banner";
import { Pager } from "./pager";
import { PliantSyncFromForm } from "./pliant-sync-from-form";

/** A customer admin's dashboard: their workspace's connections, and the ways to add or repair one. */
export async function AdminView({ user, params, notice }: { user: AdminUser; params: ListParams; notice: unknown }) {
  // Admins page through their own workspace only; filters are a staff tool (and visibleTo scopes it anyway).
  const [page, syncFrom, t] = await Promise.all([
    listConnectionPage(user, { after: params.after, before: params.before }),
    getWorkspaceSyncFrom(user.workspaceId),
    getTranslations("admin"),
  ]);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("heading", { workspace: user.workspaceName })}</h1>
        <div className="flex flex-wrap gap-3">
          <a
            href="/connect/pleo"
            className="rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800"
          >
            Connect Pleo
          </a>
          <details className="relative">
            <summary className="cursor-pointer list-none rounded-md border border-indigo-300 bg-white px-4 py-2 font-medium text-indigo-800 hover:bg-indigo-50">
              Connect Pliant
            </summary>
            <div className="absolute right-0 z-10 mt-2 w-[min(20rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg">
              <p>{t.rich("pliantHowTo", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
              <a href={pliantAppUrl()} className="mt-3 inline-block font-medium text-indigo-800 underline">
                {t("openPliant")}
              </a>
            </div>
          </details>
        </div>
      </div>
      <NoticeBanner code={notice} />
      <PliantSyncFromForm current={syncFrom} />
      <NewConnectionNotices user={user} />
      {page.rows.length === 0 && !params.after && !params.before ? (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-medium">{t("emptyHeading")}</h2>
          <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
            {t.rich("emptyBody", { strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        </section>
      ) : (
        <>
          <ConnectionTable rows={page.rows} canManage showWorkspace={false} reconnectUrl={reconnectUrl} />
          <Pager filters={{}} previous={page.previous} next={page.next} />
        </>
      )}
    </>
  );
}
