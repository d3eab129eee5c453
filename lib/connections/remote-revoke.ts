import "server-only";
import type { ProviderName } from "./dto";
import { revokePleoInstallation } from "./pleo-remote-revoke";
import { deactivatePliantAuthorization } from "./pliant-remote-revoke";

/**
 * How each provider is told that access is withdrawn. Resolves when the provider holds no live
 * access for the connection; throws ProviderUnavailable when it should be tried again later.
 */
export type RemoteRevoker = (connection: { id: string; externalId: string }) => Promise<void>;

const revokers: Partial<Record<ProviderName, RemoteRevoker>> = {
  pleo: (c) => revokePleoInstallation(c.id),
  pliant: (c) => deactivatePliantAuthorization(c.externalId),
};

export function registerRemoteRevoker(provider: ProviderName, revoker: RemoteRevoker): void {
  revokers[provider] = revoker;
}

export function remoteRevokerFor(provider: ProviderName): RemoteRevoker | undefined {
  return revokers[provider];
}
