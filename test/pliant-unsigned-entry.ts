import { randomUUID } from "node:crypto";

/** An unsigned Pliant entry (accepted while PLIANT_REQUIRE_SIGNED_REDIRECTS is off, as in tests). */
export function unsignedEntry(): URLSearchParams {
  const organizationId = randomUUID();
  return new URLSearchParams({
    organizationId,
    partnerId: randomUUID(),
    redirectUrl: `https://app.getpliant.com/organizations/${organizationId}/integrations`,
  });
}
