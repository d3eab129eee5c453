import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { formatWhen } from "@/app/dashboard/_components/format";
import { requireStaff } from "@/lib/auth/guards";
import { recentPendingAuthorizations } from "@/lib/connections/pliant-callbacks";
import { listDeliveries, listEndpoints } from "@/lib/webhooks/endpoints";
import { resendAction, setEnabledAction } from "./actions";
import { AddEndpointForm, RotateSecretForm, SubscribePliantForm } from "./_components/secret-forms";

export const metadata = { title: "Webhooks · Partner Connect Portal" };

// /settings/webhooks — partner staff: outgoing webhook endpoints, their delivery log, and Pliant's callbacks in.
export default async function WebhooksPage() {
  const user = await requireStaff("/settings/webhooks");
  const endpoints = await listEndpoints();
  const deliveries = await Promise.all(endpoints.map((e) => listDeliveries(e.id, 20)));
  const pending = await recentPendingAuthorizations();
  const disabledByFailure = endpoints.filter((e) => e.disabledAt && e.disabledReason?.startsWith("Failing"));
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl space-y-8 px-4 py-8">
        <p className="text-sm"><Link href="/dashboard" className="text-blue-700 underline">← All connections</Link></p>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        {disabledByFailure.map((e) => (
          <p key={e.id} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            Endpoint {e.url} was disabled: {e.disabledReason}. Fix the receiver, then <strong>Enable</strong> it.
          </p>
        ))}
        <section>
          <h2 className="mb-2 text-lg font-semibold">Add endpoint</h2>
          <AddEndpointForm />
        </section>
        <section>
          <h2 className="mb-2 text-lg font-semibold">Endpoints</h2>
          {endpoints.length === 0 ? <p className="text-sm text-slate-600">No endpoints yet.</p> : null}
          {endpoints.map((e, i) => (
            <article key={e.id} className="mb-4 rounded border border-slate-200 bg-white p-4" data-testid="webhook-endpoint">
              <p className="font-medium break-all">{e.url}</p>
              <p className="text-sm text-slate-600">
                {e.description ? `${e.description} · ` : ""}
                {e.events.length ? e.events.join(", ") : "all events"} · {e.disabledAt ? `Disabled ${formatWhen(e.disabledAt)}` : e.failingSince ? `Failing since ${formatWhen(e.failingSince)}` : "Enabled"}
                {e.rotatingUntil && e.rotatingUntil > new Date() ? ` · previous secret signs until ${formatWhen(e.rotatingUntil)}` : ""}
              </p>
              <div className="mt-2 flex flex-wrap items-start gap-2">
                <RotateSecretForm endpointId={e.id} />
                <form action={setEnabledAction}>
                  <input type="hidden" name="endpointId" value={e.id} />
                  <input type="hidden" name="enable" value={e.disabledAt ? "1" : "0"} />
                  <button type="submit" className="rounded border px-2 py-0.5 text-sm">{e.disabledAt ? "Enable" : "Disable"}</button>
                </form>
              </div>
              <table className="mt-3 w-full text-left text-sm">
                <caption className="text-left font-medium">Delivery log</caption>
                <thead><tr><th>When</th><th>Event</th><th>Attempt</th><th>Status</th><th>Latency</th><th>Response / error</th><th /></tr></thead>
                <tbody>
                  {deliveries[i]!.map((d) => (
                    <tr key={d.id} className="border-t" data-testid="webhook-delivery">
                      <td>{formatWhen(d.at)}</td>
                      <td><code>{d.eventId}</code></td>
                      <td>{d.attempt}</td>
                      <td>{d.status ?? "—"} {d.outcome}</td>
                      <td>{d.latencyMs !== null ? `${d.latencyMs} ms` : "—"}</td>
                      <td className="max-w-xs truncate">{d.error ?? d.responseExcerpt ?? ""}</td>
                      <td>
                        <form action={resendAction}>
                          <input type="hidden" name="endpointId" value={e.id} />
                          <input type="hidden" name="eventId" value={d.eventId} />
                          <button type="submit" className="rounded border px-2 py-0.5">Resend</button>
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
          <h2 className="mb-2 text-lg font-semibold">Pliant callbacks</h2>
          <SubscribePliantForm />
          <h3 className="mt-4 font-medium">Organizations that started authorizing in Pliant</h3>
          <p className="text-sm text-slate-600">Shown for follow-up only: an organization is linked when its admin approves in the portal.</p>
          <ul className="mt-2 text-sm" data-testid="pliant-pending">
            {pending.map((p) => (
              <li key={p.webhookId}><code>{p.organizationId ?? "unknown organization"}</code> · {formatWhen(p.receivedAt)}</li>
            ))}
            {pending.length === 0 ? <li className="text-slate-600">None yet.</li> : null}
          </ul>
        </section>
      </main>
    </>
  );
}
