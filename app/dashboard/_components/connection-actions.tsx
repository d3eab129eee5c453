import type { ConnectionDto } from "@/lib/connections/read/dto";
import { RevokeButton } from "./revoke-button";

/**
 * Reconnect (for a connection that is no longer live) and Revoke (until it is revoked), the same
 * in the dashboard's rows and on the connection's page. `reconnectHref`: see lib/connections/reconnect.ts.
 */
export function ReconnectAndRevoke({
  c,
  reconnectHref,
}: {
  c: Pick<ConnectionDto, "id" | "status" | "externalName" | "externalId">;
  reconnectHref: string;
}) {
  return (
    <>
      {c.status !== "active" && c.status !== "pending" && (
        <a
          href={reconnectHref}
          className="rounded-md border border-indigo-300 px-3 py-1 text-sm font-medium text-indigo-800 hover:bg-indigo-50"
        >
          Reconnect
        </a>
      )}
      {c.status !== "revoked" && <RevokeButton connectionId={c.id} name={c.externalName ?? c.externalId} />}
    </>
  );
}
