import type { ConnectionDto } from "@/lib/connections/dto";
import { relative } from "./format";

/** Token health in words: no token values, only their timing. */
export function TokenHealth({ c }: { c: ConnectionDto }) {
  if (c.provider === "pliant") return <span className="text-slate-600">Partner token (shared)</span>;
  if (!c.hasTokens) return <span className="text-slate-600">No tokens stored</span>;
  const expired = c.accessTokenExpiresAt !== null && c.accessTokenExpiresAt.getTime() < Date.now();
  return (
    <span className="text-slate-700">
      Access {expired ? "expired, renews on next use" : `expires ${relative(c.accessTokenExpiresAt)}`}
      <br />
      Refresh token issued {relative(c.refreshTokenIssuedAt)}
    </span>
  );
}
