import "server-only";
import { ProviderProtocolError, ProviderUnavailable, isTransientStatus } from "../errors";
import { pleoApiRequest } from "./api";
import { INSTALLATION_ACTIVATE, INSTALLATION_UPDATE } from "./contract";

/**
 * Pleo's installation: the OAuth flow creates one per connected company (or organisation). The
 * partner activates it once ready and reports its status (contract.ts INSTALLATION_*).
 */
export type InstallationStatus = (typeof INSTALLATION_UPDATE.value.statuses)[number];
export type InstallationErrorCode = (typeof INSTALLATION_UPDATE.value.errorCodes)[number];

async function expectOk(response: Response, what: string): Promise<void> {
  await response.body?.cancel();
  if (response.ok) return;
  if (isTransientStatus(response.status)) throw new ProviderUnavailable("pleo", `${what} ${response.status}`);
  throw new ProviderProtocolError("pleo", `${what} answered ${response.status}`);
}

/** POST /v1/installations/me:activate — the installation becomes ACTIVATED. */
export async function activateInstallation(accessToken: string): Promise<void> {
  await expectOk(
    await pleoApiRequest(accessToken, INSTALLATION_ACTIVATE.value.path, { method: INSTALLATION_ACTIVATE.value.method }),
    "installation activate",
  );
}

/** PUT /v1/installations/me — report a status (ERROR needs an error code). */
export async function reportInstallationStatus(
  accessToken: string,
  status: InstallationStatus,
  errorCode?: InstallationErrorCode,
): Promise<void> {
  const body = JSON.stringify(errorCode ? { status, errorCode } : { status });
  const init: RequestInit = {
    method: INSTALLATION_UPDATE.value.method,
    headers: { "Content-Type": "application/json;charset=UTF-8" },
    body,
  };
  await expectOk(await pleoApiRequest(accessToken, INSTALLATION_UPDATE.value.path, init), "installation update");
}
