import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useWhen } from "@/app/_components/use-when";
import { PROVIDER_LABELS } from "@/lib/connections/read/dto";
import type { ProviderStatus } from "@/lib/connections/provider-status";
import { PendingPleoActivations } from "./pending-pleo-activations";

/**
 * Staff only: the providers' side of things — Pliant's token quota as last announced, API rate
 * limiting seen by this instance, revocations a provider refused, and the provider facts we still
 * assume (docs/provider-contracts.md), so nobody mistakes them for confirmed. The facts themselves
 * are quoted in English, as the providers publish them; everything around them is translated.
 */
export function ProviderStatusPanel({ status }: { status: ProviderStatus }) {
  const { pliantQuota, pliantRateLimit, failedRemoteRevocations, assumedFacts, confirmedFacts } = status;
  const t = useTranslations("providerStatus");
  const locale = useLocale();
  const formatWhen = useWhen();
  return (
    <section
      aria-labelledby="provider-status-title"
      data-testid="provider-status"
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="provider-status-title" className="font-semibold text-slate-700">
        {t("title")}
      </h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div data-testid="pliant-token-quota">
          <h3 className="font-medium">{t("quotaHeading")}</h3>
          {pliantQuota.buckets.length === 0 ? (
            <p className="text-slate-600">{t("quotaUnseen")}</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {pliantQuota.buckets.map((b) => (
                <li key={b.name} data-testid={`quota-${b.name}`}>
                  <span className="font-medium">{t.has(`buckets.${b.name}`) ? t(`buckets.${b.name}`) : b.label}:</span>{" "}
                  <span className="tabular-nums">
                    {t("bucketUsage", { used: b.used, limit: b.limit, remaining: b.remaining })}
                  </span>
                  <span className="text-slate-600">
                    {" "}
                    · {b.resetSinceObserved ? t("resetSince") : t("resets", { when: formatWhen(b.resetAt) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {pliantQuota.observedAt && (
            <p className="text-xs text-slate-600">{t("announced", { when: formatWhen(pliantQuota.observedAt) })}</p>
          )}
          {pliantQuota.blockedUntil && (
            <p className="mt-1 font-medium text-amber-800">
              {t("blockedUntil", { when: formatWhen(pliantQuota.blockedUntil) })}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-600" data-testid="pliant-rate-limit">
            {t("rateLimit", {
              limited: pliantRateLimit.rateLimited,
              heldBack: pliantRateLimit.refusedWhileCoolingDown,
            })}
            {pliantRateLimit.coolingDownUntil
              ? t("coolingDown", { when: formatWhen(pliantRateLimit.coolingDownUntil) })
              : ""}
          </p>
        </div>
        <div data-testid="failed-remote-revocations">
          <h3 className="font-medium">{t("revocationsHeading")}</h3>
          {failedRemoteRevocations.total === 0 ? (
            <p className="text-slate-600">{t("none")}</p>
          ) : (
            <>
              <p className="font-medium text-red-800">
                {t("revocationsFailed", { count: failedRemoteRevocations.total })}
              </p>
              <ul className="mt-1 space-y-1">
                {failedRemoteRevocations.first.map((c) => (
                  <li key={c.id}>
                    <Link href={`/dashboard/connections/${c.id}`} className="text-indigo-800 underline">
                      {PROVIDER_LABELS[c.provider]} · {c.name}
                    </Link>
                    <span className="text-slate-600"> — {c.error}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <PendingPleoActivations pending={status.pendingPleoActivations} />
      <details className="mt-4" data-testid="provider-contracts">
        <summary className="cursor-pointer font-medium">
          {t("contracts", { assumed: assumedFacts.length, confirmed: confirmedFacts })}
        </summary>
        <ul className="mt-2 space-y-2">
          {assumedFacts.map((f) => (
            <li key={`${f.provider}.${f.name}`} data-testid="assumed-fact">
              <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
                {t("assumed")}
              </span>
              <span className="font-medium">{PROVIDER_LABELS[f.provider]}</span> — {f.what}
              <div className="text-xs text-slate-600">{f.source}</div>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-600">
          {locale !== "en" && `${t("contractsNote")} `}
          {t("sources")}
        </p>
      </details>
    </section>
  );
}
