import "server-only";
import type { ConnectionDto } from "./read/dto";
import { providerFor } from "./registry";

/** Where Reconnect goes from the portal's pages; each provider says (providers/*.ts). */
export function reconnectUrl(c: Pick<ConnectionDto, "id" | "provider" | "externalId">): string {
  return providerFor(c.provider).reconnectHref(c);
}
