import "server-only";
import { env } from "@/lib/env";
import type { ConnectionDto } from "./dto";

/**
 * Where Reconnect goes. Pleo: a new authorize flow bound to this connection. Pliant: the
 * organization's integrations page in Pliant, because Pliant connections start there.
 */
export function reconnectUrl(c: Pick<ConnectionDto, "id" | "provider" | "externalId">): string {
  if (c.provider === "pleo") return `/connect/pleo?connection=${c.id}`;
  return `${env().PLIANT_APP_URL[0]}/organizations/${encodeURIComponent(c.externalId)}/integrations`;
}

/** Pliant's web app, where a customer starts a Pliant connection. */
export function pliantAppUrl(): string {
  return env().PLIANT_APP_URL[0]!;
}
