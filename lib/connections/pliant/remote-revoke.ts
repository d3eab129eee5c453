import "server-only";
import { ProviderProtocolError, ProviderUnavailable } from "@/lib/providers/errors";
import { DEACTIVATE_AUTHORIZATION_PATH, authorizationPath } from "@/lib/providers/pliant/config";
import { DEACTIVATE_403_MEANS_GONE, DEACTIVATE_AUTHORIZATION } from "@/lib/providers/pliant/contract";
import { pliantOutcome } from "@/lib/providers/pliant/outcome";
import { pliantFetch } from "./token";

/**
 * Deactivate Organization Authorization: Pliant stops giving us the organization's data.
 * Resolves when Pliant holds no authorization for us; throws when it must be tried again (revoke.ts
 * keeps the revocation pending, shows the reason and lets the sweep retry). The path is assumed
 * (contract.ts), so a 404 is never taken as "already gone": it may well mean the path is wrong
 * while Pliant still gives us the organization's data.
 */
export async function deactivatePliantAuthorization(organizationId: string): Promise<void> {
  const response = await pliantFetch(authorizationPath(DEACTIVATE_AUTHORIZATION_PATH, organizationId), {
    method: DEACTIVATE_AUTHORIZATION.value.method,
  });
  await response.body?.cancel();
  const outcome = pliantOutcome(response.status);
  switch (outcome.kind) {
    case "done":
    case "accepted":
    case "no_content":
      return;
    case "forbidden":
      // The customer already withdrew us in Pliant (assumed meaning, contract.ts).
      if (DEACTIVATE_403_MEANS_GONE.value) return;
      throw new ProviderProtocolError("pliant", "Deactivate answered 403");
    case "not_found":
      throw new ProviderProtocolError(
        "pliant",
        "Deactivate answered 404: the assumed Deactivate path may be wrong, access may still be live",
      );
    case "locked":
      throw new ProviderUnavailable("pliant", "Deactivate answered 409: the organization is locked in Pliant");
    case "unavailable":
      throw new ProviderUnavailable("pliant", `Deactivate answered ${outcome.status}`);
    default:
      throw new ProviderProtocolError("pliant", `Deactivate answered ${response.status}`);
  }
}
