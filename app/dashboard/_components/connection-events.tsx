import { useTranslations } from "next-intl";
import { useWhen } from "@/app/_components/use-when";
import type { ConnectionEventRow } from "@/lib/webhooks/connection-events";

/** The webhook events this connection produced (outgoing, to the partner's backend). */
export function ConnectionEvents({ events }: { events: ConnectionEventRow[] }) {
  const t = useTranslations("connectionEvents");
  const formatWhen = useWhen();
  return (
    <section className="mt-6">
      <h2 className="mb-2 text-lg font-semibold">{t("heading")}</h2>
      {events.length === 0 ? <p className="text-sm text-slate-600">{t("none")}</p> : null}
      <ul className="text-sm" data-testid="connection-events">
        {events.map((e) => (
          <li key={e.id}>
            <code>{e.type}</code> · {formatWhen(e.createdAt)} ·{" "}
            {e.delivered > 0 ? t("delivered") : e.attempts > 0 ? t("notDelivered", { count: e.attempts }) : t("queued")}
          </li>
        ))}
      </ul>
    </section>
  );
}
