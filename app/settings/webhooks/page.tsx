import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import { PageHeader } from "@/app/_components/page-header";
import { ScopedMessages } from "@/app/_components/scoped-messages";
import { requireStaff } from "@/lib/auth/guards";
import { recentPendingAuthorizations } from "@/lib/connections/pliant/callbacks";
import { listDeliveries, listEndpoints } from "@/lib/webhooks/endpoints";
import { resendAction, setEnabledAction } from "./actions";
import { AddEndpointForm, RotateSecretForm, SubscribePliantForm } from "./_components/secret-forms";

export async function generateMetadata() {
  const t = await getTranslations("webhooks");
  return { title: t("metaTitle") };
}

// /settings/webhooks — partner staff: outgoing webhook endpoints, their delivery log, and Pliant's callbacks in.
export default async function WebhooksPage() {
  const user = await requireStaff("/settings/webhooks");
  const endpoints = await listEndpoints();
  const deliveries = await Promise.all(endpoints.map((e) => listDeliveries(e.id, 20)));
  const [pending, t, formatWhen] = await Promise.all([
    recentPendingAuthorizations(),
    getTranslations("webhooks"),
    getWhen(),
  ]);
  const disabledByFailure = endpoints.filter((e) => e.disabledAt && e.disabledReason?.startsWith("Failing"));
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl space-y-8 px-4 py-8">
        <p className="text-sm">
          <Link href="/dashboard" className="text-blue-700 underline">
            ← {t("back")}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        {disabledByFailure.map((e) => (
          <p key={e.id} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            {t.rich("disabledAlert", {
              url: e.url,
              reason: e.disabledReason ?? "",
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
        ))}
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t("addHeading")}</h2>
          <ScopedMessages namespace="webhooks">
            <AddEndpointForm />
          </ScopedMessages>
        </section>
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t("endpointsHeading")}</h2>
          {endpoints.length === 0 ? <p className="text-sm text-slate-600">{t("noEndpoints")}</p> : null}
          {endpoints.map((e, i) => (
            <article
              key={e.id}
              className="mb-4 rounded border border-slate-200 bg-white p-4"
              data-testid="webhook-endpoint"
            >
              <p className="font-medium break-all">{e.url}</p>
              <p className="text-sm text-slate-600">
                {e.description ? `${e.description} · ` : ""}
                {e.events.length ? e.events.join(", ") : t("allEvents")} ·{" "}
                {e.disabledAt
                  ? t("disabledSince", { when: formatWhen(e.disabledAt) })
                  : e.failingSince
                    ? t("failingSince", { when: formatWhen(e.failingSince) })
                    : t("enabled")}
                {e.rotatingUntil && e.rotatingUntil > new Date()
                  ? ` · ${t("previousSecret", { when: formatWhen(e.rotatingUntil) })}`
                  : ""}
              </p>
              <div className="mt-2 flex flex-wrap items-start gap-2">
                <ScopedMessages namespace="webhooks">
                  <RotateSecretForm endpointId={e.id} />
                </ScopedMessages>
                <form action={setEnabledAction}>
                  <input type="hidden" name="endpointId" value={e.id} />
                  <input type="hidden" name="enable" value={e.disabledAt ? "1" : "0"} />
                  <button type="submit" className="rounded border px-2 py-0.5 text-sm">
                    {e.disabledAt ? t("enable") : t("disable")}
                  </button>
                </form>
              </div>
              <table className="mt-3 w-full text-left text-sm">
                <caption className="text-left font-medium">{t("log")}</caption>
                <thead>
                  <tr>
                    <th>{t("when")}</th>
                    <th>{t("event")}</th>
                    <th>{t("attempt")}</th>
                    <th>{t("status")}</th>
                    <th>{t("latency")}</th>
                    <th>{t("response")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {deliveries[i]!.map((d) => (
                    <tr key={d.id} className="border-t" data-testid="webhook-delivery">
                      <td>{formatWhen(d.at)}</td>
                      <td>
                        <code>{d.eventId}</code>
                      </td>
                      <td>{d.attempt}</td>
                      <td>
                        {d.status ?? "—"} {d.outcome}
                      </td>
                      <td>{d.latencyMs !== null ? t("latencyMs", { ms: d.latencyMs }) : "—"}</td>
                      <td className="max-w-xs truncate">{d.error ?? d.responseExcerpt ?? ""}</td>
                      <td>
                        <form action={resendAction}>
                          <input type="hidden" name="endpointId" value={e.id} />
                          <input type="hidden" name="eventId" value={d.eventId} />
                          <button type="submit" className="rounded border px-2 py-0.5">
                            {t("resend")}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
        </section>
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t("pliantHeading")}</h2>
          <ScopedMessages namespace="webhooks">
            <SubscribePliantForm />
          </ScopedMessages>
          <h3 className="mt-4 font-medium">{t("pendingHeading")}</h3>
          <p className="text-sm text-slate-600">{t("pendingNote")}</p>
          <ul className="mt-2 text-sm" data-testid="pliant-pending">
            {pending.map((p) => (
              <li key={p.webhookId}>
                <code>{p.organizationId ?? t("unknownOrganization")}</code> · {formatWhen(p.receivedAt)}
              </li>
            ))}
            {pending.length === 0 ? <li className="text-slate-600">{t("noneYet")}</li> : null}
          </ul>
        </section>
      </main>
    </>
  );
}
