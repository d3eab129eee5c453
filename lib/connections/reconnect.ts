import "server-only";
import type { ConnectionDto } from "./dto";
import { providerFor } from "./providers/registry";

/** Where Reconnect goes from the portal's pages; each provider says (providers/*.ts). */
export function reconnectUrl(c: Pick<ConnectionDto, "id" | "provider" | "externalId">): string {
  return providerFor(c.provider).reconnectHref(c);
}
