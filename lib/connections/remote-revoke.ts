import "server-only";
import type { Transaction } from "@/db/client";
import type { ProviderName } from "./dto";
import { revokePleoInstallation } from "./pleo-remote-revoke";
import { deactivatePliantAuthorization } from "./pliant-remote-revoke";

/**
 * How each provider is told that access is withdrawn. Runs inside the caller's transaction, which
 * holds the connection's row lock (lib/connections/revoke.ts); database work goes through `tx`,
 * which commits even when the provider call throws. Resolves when the provider holds no live
 * access for the connection; throws ProviderUnavailable when it should be tried again later.
 */
export type RemoteRevoker = (connection: { id: string; externalId: string }, tx: Transaction) => Promise<void>;

const revokers: Partial<Record<ProviderName, RemoteRevoker>> = {
  pleo: (c, tx) => revokePleoInstallation(c.id, tx),
  pliant: (c) => deactivatePliantAuthorization(c.externalId),
};

export function registerRemoteRevoker(provider: ProviderName, revoker: RemoteRevoker): void {
  revokers[provider] = revoker;
}

export function remoteRevokerFor(provider: ProviderName): RemoteRevoker | undefined {
  return revokers[provider];
}
