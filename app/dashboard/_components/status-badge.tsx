import { useTranslations } from "next-intl";
import type { ConnectionStatus } from "@/lib/connections/read/dto";
import { StatusBadgeView } from "./status-badge-view";

/** `testId` defaults to the one tests use for a connection's current status; lists of past or counted statuses pass their own. */
export function StatusBadge({ status, testId = "status-badge" }: { status: ConnectionStatus; testId?: string }) {
  const t = useTranslations("status");
  return <StatusBadgeView status={status} label={t(status)} testId={testId} />;
}
