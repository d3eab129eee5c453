import Link from "next/link";
import { PROVIDER_LABELS } from "@/lib/connections/dto";
import type { ProviderStatus } from "@/lib/connections/provider-status";
import { formatWhen } from "./format";
import { PendingPleoActivations } from "./pending-pleo-activations";

/**
 * Staff only: the providers' side of things — Pliant's token quota as last announced, API rate
 * limiting seen by this instance, revocations a provider refused, and the provider facts we still
 * assume (docs/provider-contracts.md), so nobody mistakes them for confirmed.
 */
export function ProviderStatusPanel({ status }: { status: ProviderStatus }) {
  const { pliantQuota, pliantRateLimit, failedRemoteRevocations, assumedFacts, confirmedFacts } = status;
  return (
    <section aria-labelledby="provider-status-title" data-testid="provider-status" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 id="provider-status-title" className="font-semibold text-slate-700">
        Provider status
      </h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div data-testid="pliant-token-quota">
          <h3 className="font-medium">Pliant token quota</h3>
          {pliantQuota.buckets.length === 0 ? (
            <p className="text-slate-600">No token answer seen yet (published: 42 per hour, 100 per day).</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {pliantQuota.buckets.map((b) => (
                <li key={b.name} data-testid={`quota-${b.name}`}>
                  <span className="font-medium">{b.label}:</span>{" "}
                  <span className="tabular-nums">
                    {b.used} of {b.limit} used, {b.remaining} left
                  </span>
                  <span className="text-slate-600"> · {b.resetSinceObserved ? "reset since" : `resets ${formatWhen(b.resetAt)}`}</span>
                </li>
              ))}
            </ul>
          )}
          {pliantQuota.observedAt && <p className="text-xs text-slate-600">as announced {formatWhen(pliantQuota.observedAt)}</p>}
          {pliantQuota.blockedUntil && <p className="mt-1 font-medium text-amber-800">No token requests until {formatWhen(pliantQuota.blockedUntil)}</p>}
          <p className="mt-2 text-xs text-slate-600" data-testid="pliant-rate-limit">
            API rate limit (this instance): {pliantRateLimit.rateLimited} × 429, {pliantRateLimit.refusedWhileCoolingDown} calls held back
            {pliantRateLimit.coolingDownUntil ? `, cooling down until ${formatWhen(pliantRateLimit.coolingDownUntil)}` : ""}
          </p>
        </div>
        <div data-testid="failed-remote-revocations">
          <h3 className="font-medium">Revocations a provider refused</h3>
          {failedRemoteRevocations.total === 0 ? (
            <p className="text-slate-600">None.</p>
          ) : (
            <>
              <p className="font-medium text-red-800">{failedRemoteRevocations.total} revoked here, but not at the provider (access there may still be live); the sweep keeps retrying.</p>
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
          Provider contracts: {assumedFacts.length} assumed, {confirmedFacts} confirmed
        </summary>
        <ul className="mt-2 space-y-2">
          {assumedFacts.map((f) => (
            <li key={`${f.provider}.${f.name}`} data-testid="assumed-fact">
              <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">assumed</span>
              <span className="font-medium">{PROVIDER_LABELS[f.provider]}</span> — {f.what}
              <div className="text-xs text-slate-600">{f.source}</div>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-600">Sources and reasoning: docs/provider-contracts.md.</p>
      </details>
    </section>
  );
}
