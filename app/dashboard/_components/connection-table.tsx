import { useTranslations } from "next-intl";
import { useWhen } from "@/app/_components/use-when";
import { PROVIDER_LABELS, STATUS_LABELS, type ConnectionDto, type ConnectionStatus } from "@/lib/connections/read/dto";
import { ConnectionTableView, type ConnectionRowWords } from "./connection-table-view";
import { useTokenHealthWords } from "./token-health";

const STATUSES = Object.keys(STATUS_LABELS) as ConnectionStatus[];

/** The object without its undefined fields: React's payload spells each one out ("$undefined"). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type Props = {
  rows: ConnectionDto[];
  canManage: boolean;
  showWorkspace: boolean;
  reconnectUrl: (c: ConnectionDto) => string;
};

/**
 * The list of connections. Every word and date is made here, on the server, in the user's language
 * and time zone; the markup is ConnectionTableView, a client component, so React's inline payload
 * carries each row as a few strings rather than as a second copy of its rendered tree (which was
 * about half of /dashboard's bytes; BENCHMARKS.md "Dashboard render cost").
 */
export function ConnectionTable({ rows, canManage, showWorkspace, reconnectUrl }: Props) {
  const t = useTranslations("connections");
  const status = useTranslations("status");
  const when = useWhen();
  const health = useTokenHealthWords();
  const labels = {
    caption: t("caption"),
    account: t("account"),
    workspace: t("workspace"),
    status: t("status"),
    scopes: t("scopes"),
    connected: t("connected"),
    tokenHealth: t("tokenHealth"),
    actions: t("actions"),
    statuses: Object.fromEntries(STATUSES.map((s) => [s, status(s)])) as Record<ConnectionStatus, string>,
  };
  const words = rows.map((c): ConnectionRowWords => {
    const provider = PROVIDER_LABELS[c.provider];
    return defined({
      id: c.id,
      status: c.status,
      externalId: c.externalId,
      externalName: c.externalName,
      provider,
      workspaceName: showWorkspace ? c.workspaceName : undefined,
      revocationPending:
        c.remoteRevocationPending && !c.remoteRevocationError ? t("revocationPending", { provider }) : undefined,
      revocationFailed:
        c.remoteRevocationPending && c.remoteRevocationError
          ? t("revocationFailed", { provider, reason: c.remoteRevocationError })
          : undefined,
      statusReason: c.statusReason && c.status !== "active" ? c.statusReason : undefined,
      scopes: c.scopes.join(" ") || "—",
      connected: when(c.connectedAt),
      connectedBy: c.connectedByEmail ? t("by", { email: c.connectedByEmail }) : undefined,
      health: defined(health(c)),
      // Only where ReconnectAndRevoke shows Reconnect (a connection that is no longer live).
      reconnectHref: canManage && c.status !== "active" && c.status !== "pending" ? reconnectUrl(c) : undefined,
    });
  });
  return <ConnectionTableView labels={labels} rows={words} canManage={canManage} showWorkspace={showWorkspace} />;
}
