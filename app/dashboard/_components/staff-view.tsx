import { getTranslations } from "next-intl/server";
import type { SessionUser } from "@/lib/auth/users";
import type { ListParams } from "@/lib/connections/read/list-params";
import { getRefreshChart } from "@/lib/connections/read/refresh-chart";
import { reconnectUrl } from "@/lib/connections/reconnect";
import { getProviderStatus } from "@/lib/connections/provider-status";
import { countConnections, listConnectionPage, listWorkspaceOptions } from "@/lib/connections/read/staff-queries";
import { ConnectionTable } from "./connection-table";
import { FilterForm } from "./filter-form";
import { NoticeBanner } from "./notice-banner";
import { Pager } from "./pager";
import { ProviderStatusPanel } from "./provider-status-panel";
import { RefreshChart } from "./refresh-chart";
import { StatusSummary } from "./status-summary";
import { WebhookAlert } from "./webhook-alert";

/** Partner staff: every workspace, read-only — counts, refresh health, and a filterable list. */
export async function StaffView({
  user,
  params,
  ignored,
  notice,
}: {
  user: SessionUser;
  params: ListParams;
  ignored: string[];
  notice: unknown;
}) {
  const [counts, chart, workspaces, page, providerStatus, t] = await Promise.all([
    countConnections(user),
    getRefreshChart(user),
    listWorkspaceOptions(user),
    listConnectionPage(user, params),
    getProviderStatus(user),
    getTranslations("staff"),
  ]);
  const filters = { provider: params.provider, status: params.status, workspaceId: params.workspaceId, q: params.q };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      {/* Background jobs, API keys, webhooks and workspaces are linked from the header. */}
      <div className="mb-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      </div>
      <NoticeBanner code={notice} />
      <WebhookAlert />
      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <StatusSummary counts={counts} />
        <RefreshChart days={chart} />
      </div>
      <ProviderStatusPanel status={providerStatus} />
      <FilterForm filters={filters} workspaces={workspaces} ignored={ignored} />
      {page.rows.length === 0 ? (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-medium">{filtered ? t("emptyFilteredHeading") : t("emptyHeading")}</h2>
          <p className="mt-2 text-sm text-slate-600">{filtered ? t("emptyFilteredBody") : t("emptyBody")}</p>
        </section>
      ) : (
        <ConnectionTable rows={page.rows} canManage={false} showWorkspace reconnectUrl={reconnectUrl} />
      )}
      <Pager filters={filters} previous={page.previous} next={page.next} />
    </>
  );
}
