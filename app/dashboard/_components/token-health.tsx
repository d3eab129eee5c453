import type { ConnectionDto } from "@/lib/connections/dto";
import { relative } from "./format";

/** Token health in words: no token values, only their timing. `lastRefresh`: also say when it last refreshed. */
export function TokenHealth({ c, lastRefresh: showLastRefresh = true }: { c: ConnectionDto; lastRefresh?: boolean }) {
  // Pliant has no per-organization token: one client-credentials token serves every organization.
  if (c.provider === "pliant") return <span className="text-slate-600">Partner token, shared by all Pliant organizations</span>;
  const lastRefresh = showLastRefresh && (
    <span className="text-slate-700">
      Last refresh {c.lastRefreshAt ? relative(c.lastRefreshAt) : "never"}
      {c.lastRefreshOutcome && ` (${c.lastRefreshOutcome})`}
    </span>
  );
  if (!c.hasTokens) {
    return (
      <span>
        <span className="text-slate-600">No tokens stored</span>
        {lastRefresh && <br />}
        {lastRefresh}
      </span>
    );
  }
  const expired = c.accessTokenExpiresAt !== null && c.accessTokenExpiresAt.getTime() < Date.now();
  return (
    <span className="text-slate-700">
      Access {expired ? "expired, renews on next use" : `expires ${relative(c.accessTokenExpiresAt)}`}
      <br />
      Refresh token issued {relative(c.refreshTokenIssuedAt)}
      {lastRefresh && <br />}
      {lastRefresh}
    </span>
  );
}
