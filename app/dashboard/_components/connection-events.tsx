import type { ConnectionEventRow } from "@/lib/webhooks/connection-events";
import { formatWhen } from "./format";

/** The webhook events this connection produced (outgoing, to the partner's backend). */
export function ConnectionEvents({ events }: { events: ConnectionEventRow[] }) {
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">Webhook events</h2>
      {events.length === 0 ? <p className="text-sm text-slate-600">None yet.</p> : null}
      <ul className="text-sm" data-testid="connection-events">
        {events.map((e) => (
          <li key={e.id}>
            <code>{e.type}</code> · {formatWhen(e.createdAt)} · {e.delivered > 0 ? "delivered" : e.attempts > 0 ? `${e.attempts} attempt(s), not delivered yet` : "queued"}
          </li>
        ))}
      </ul>
    </section>
  );
}
