import { useTranslations } from "next-intl";
import { useRelative } from "@/app/_components/use-when";
import type { ConnectionDto } from "@/lib/connections/read/dto";
import { providerFor } from "@/lib/connections/registry";
import { TokenHealthView, type TokenHealthWords } from "./token-health-view";

/** The words of a connection's token health: no token values, only their timing. */
export function useTokenHealthWords() {
  const t = useTranslations("tokenHealth");
  const relative = useRelative();
  return (c: ConnectionDto, showLastRefresh = true): TokenHealthWords => {
    // A shared token (one client-credentials token serves every organization) has no per-connection timing.
    if (providerFor(c.provider).tokens === "shared") return { kind: "shared", text: t("pliantShared") };
    const lastRefresh = !showLastRefresh
      ? undefined
      : c.lastRefreshAt
        ? c.lastRefreshOutcome
          ? t("lastRefreshOutcome", { when: relative.past(c.lastRefreshAt), outcome: c.lastRefreshOutcome })
          : t("lastRefresh", { when: relative.past(c.lastRefreshAt) })
        : t("lastRefreshNever");
    if (!c.hasTokens) return { kind: "noTokens", text: t("noTokens"), lastRefresh };
    const expired = c.accessTokenExpiresAt !== null && c.accessTokenExpiresAt.getTime() < Date.now();
    return {
      kind: "tokens",
      access:
        expired || !c.accessTokenExpiresAt
          ? t("accessExpired")
          : t("accessExpires", { when: relative.any(c.accessTokenExpiresAt) }),
      refresh: c.refreshTokenIssuedAt
        ? t("refreshIssued", { when: relative.past(c.refreshTokenIssuedAt) })
        : t("refreshUnknown"),
      lastRefresh,
    };
  };
}

/** Token health in words: no token values, only their timing. `lastRefresh`: also say when it last refreshed. */
export function TokenHealth({ c, lastRefresh = true }: { c: ConnectionDto; lastRefresh?: boolean }) {
  return <TokenHealthView words={useTokenHealthWords()(c, lastRefresh)} />;
}
