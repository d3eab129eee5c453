import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { PROVIDER_LABELS } from "@/lib/connections/read/dto";
import { providerFor } from "@/lib/connections/registry";
import { getConnectionOrThrow, listAuditTrail } from "@/lib/connections/read/queries";
import { listStatusHistory } from "@/lib/connections/status-history";
import { reconnectUrl } from "@/lib/connections/reconnect";
import { testConnectionAction } from "../../actions";
import { AuditTrail } from "../../_components/audit-trail";
import { NoticeBanner } from "../../_components/notice-banner";
import { ReconnectAndRevoke } from "../../_components/connection-actions";
import { StatusBadge } from "../../_components/status-badge";
import { StatusHistory } from "../../_components/status-history";
import { TokenHealth } from "../../_components/token-health";
import { ConnectionEvents } from "../../_components/connection-events";
import { listConnectionEvents } from "@/lib/webhooks/connection-events";

export async function generateMetadata() {
  const t = await getTranslations("connection");
  return { title: t("metaTitle") };
}

// /dashboard/connections/[id] — one connection: status and its history, scopes, token health, audit trail (404 if not yours).
export default async function ConnectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const user = await requireUser(`/dashboard/connections/${encodeURIComponent(id)}`);
  const c = await getConnectionOrThrow(user, id);
  const [trail, history, events] = await Promise.all([
    listAuditTrail(user, c.id),
    listStatusHistory(user, c.id),
    listConnectionEvents(c.id),
  ]);
  const { notice } = await searchParams;
  const isAdmin = user.role === "customer_admin";
  const [t, formatWhen] = await Promise.all([getTranslations("connection"), getWhen()]);
  const provider = providerFor(c.provider);
  const facts: [string, React.ReactNode][] = [
    [t("provider"), PROVIDER_LABELS[c.provider]],
    [
      t(provider.externalIdLabelKey),
      <span key="id" className="break-all font-mono">
        {c.externalId}
      </span>,
    ],
    ...(c.externalUrn
      ? ([
          [
            t("subject"),
            <span key="urn" className="break-all font-mono">
              {c.externalUrn}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    [
      t("connectionId"),
      <span key="cid" className="break-all font-mono">
        {c.id}
      </span>,
    ],
    [t("workspace"), c.workspaceName],
    [t("scopes"), c.scopes.join(" ") || "—"],
    [
      t("connected"),
      c.connectedByEmail
        ? t("whenBy", { when: formatWhen(c.connectedAt), email: c.connectedByEmail })
        : formatWhen(c.connectedAt),
    ],
    // Only a connection with tokens of its own has refreshes to tell about.
    ...(provider.tokens === "per-connection"
      ? ([
          [
            t("lastRefresh"),
            c.lastRefreshOutcome
              ? t("whenOutcome", { when: formatWhen(c.lastRefreshAt), outcome: c.lastRefreshOutcome })
              : formatWhen(c.lastRefreshAt),
          ],
        ] as [string, React.ReactNode][])
      : []),
    [t("tokens"), <TokenHealth key="t" c={c} lastRefresh={false} />],
  ];
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-4xl px-4 py-8">
        <Link href="/dashboard" className="text-sm text-indigo-800 underline">
          ← {isAdmin ? t("backAdmin") : t("backStaff")}
        </Link>
        <div className="mt-3 mb-6 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{c.externalName ?? c.externalId}</h1>
          <StatusBadge status={c.status} />
        </div>
        <NoticeBanner code={notice} />
        {c.statusReason && <p className="mb-4 text-sm text-slate-700">{c.statusReason}</p>}
        {c.remoteRevocationPending && c.remoteRevocationError && (
          <p
            data-testid="remote-revocation-failed"
            className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
          >
            {t("remoteRevocationFailed", { provider: PROVIDER_LABELS[c.provider], reason: c.remoteRevocationError })}
          </p>
        )}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-[10rem_1fr]">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-slate-600">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {!isAdmin && <p className="mt-4 text-sm text-slate-600">{t("readOnly")}</p>}
        {isAdmin && (
          <div className="mt-4 flex flex-wrap gap-3">
            {c.status === "active" && (
              <form action={testConnectionAction}>
                <input type="hidden" name="connectionId" value={c.id} />
                <button
                  type="submit"
                  className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100"
                >
                  {t("test")}
                </button>
              </form>
            )}
            <ReconnectAndRevoke c={c} reconnectHref={reconnectUrl(c)} />
          </div>
        )}
        <h2 className="mt-10 mb-3 text-lg font-semibold">{t("statusHistory")}</h2>
        <StatusHistory changes={history} />
        <h2 className="mt-10 mb-3 text-lg font-semibold">{t("auditTrail")}</h2>
        <AuditTrail entries={trail} />
        <ConnectionEvents events={events} />
      </main>
    </>
  );
}
