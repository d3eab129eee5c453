import { useTranslations } from "next-intl";
import { useRelative } from "@/app/_components/use-when";
import type { ConnectionDto } from "@/lib/connections/dto";
import { providerFor } from "@/lib/connections/providers/registry";

/** Token health in words: no token values, only their timing. `lastRefresh`: also say when it last refreshed. */
export function TokenHealth({ c, lastRefresh: showLastRefresh = true }: { c: ConnectionDto; lastRefresh?: boolean }) {
  const t = useTranslations("tokenHealth");
  const relative = useRelative();
  // A shared token (Pliant's client-credentials token serves every organization) has no per-connection timing.
  if (providerFor(c.provider).tokens === "shared") return <span className="text-slate-600">{t("pliantShared")}</span>;
  const lastRefresh = showLastRefresh && (
    <span className="text-slate-700">
      {c.lastRefreshAt
        ? c.lastRefreshOutcome
          ? t("lastRefreshOutcome", { when: relative.past(c.lastRefreshAt), outcome: c.lastRefreshOutcome })
          : t("lastRefresh", { when: relative.past(c.lastRefreshAt) })
        : t("lastRefreshNever")}
    </span>
  );
  if (!c.hasTokens) {
    return (
      <span>
        <span className="text-slate-600">{t("noTokens")}</span>
        {lastRefresh && <br />}
        {lastRefresh}
      </span>
    );
  }
  const expired = c.accessTokenExpiresAt !== null && c.accessTokenExpiresAt.getTime() < Date.now();
  return (
    <span className="text-slate-700">
      {expired || !c.accessTokenExpiresAt ? t("accessExpired") : t("accessExpires", { when: relative.any(c.accessTokenExpiresAt) })}
      <br />
      {c.refreshTokenIssuedAt ? t("refreshIssued", { when: relative.past(c.refreshTokenIssuedAt) }) : t("refreshUnknown")}
      {lastRefresh && <br />}
      {lastRefresh}
    </span>
  );
}
