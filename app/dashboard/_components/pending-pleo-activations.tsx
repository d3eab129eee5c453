import Link from "next/link";
import { useTranslations } from "next-intl";
import type { PendingActivation } from "@/lib/connections/pleo/installation";
import { formatWhen } from "./format";

/** Staff: Pleo installations whose activation failed and is retried on the job queue until it succeeds. */
export function PendingPleoActivations({ pending }: { pending: { total: number; first: PendingActivation[] } }) {
  const t = useTranslations("pleoActivations");
  return (
    <div className="mt-4" data-testid="pending-pleo-activations">
      <h3 className="font-medium">{t("title")}</h3>
      {pending.total === 0 ? (
        <p className="text-slate-600">{t("none")}</p>
      ) : (
        <>
          <p className="font-medium text-amber-800">{t("summary", { count: pending.total })}</p>
          <ul className="mt-1 space-y-1">
            {pending.first.map((a) => (
              <li key={a.connectionId} data-testid="pending-pleo-activation">
                <Link href={`/dashboard/connections/${a.connectionId}`} className="text-indigo-800 underline">
                  Pleo · {a.name}
                </Link>
                <span className="text-slate-600">
                  {" "}
                  — {t("attempts", { count: a.attempts, reason: a.reason, when: formatWhen(a.lastFailedAt) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
