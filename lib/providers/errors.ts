import type { z } from "zod";
import { PROVIDER_LABELS, type ProviderName } from "./names";

/**
 * Provider failures, sorted by what the caller must do. Messages are chosen for people: they never
 * carry a provider's raw body, a token or a secret.
 */

/** The grant is dead (invalid_grant / invalid_token): stop, mark the connection, ask the customer to reconnect. */
export class ReauthorizationRequired extends Error {
  override name = "ReauthorizationRequired";
  constructor(
    readonly provider: ProviderName,
    readonly reason: string,
  ) {
    super(`${PROVIDER_LABELS[provider]} no longer accepts this connection's authorization`);
  }
}

/** 5xx, 429, timeout or network failure: nothing is lost; try again later. */
export class ProviderUnavailable extends Error {
  override name = "ProviderUnavailable";
  constructor(
    readonly provider: ProviderName,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${PROVIDER_LABELS[provider]} is unavailable right now; please try again in a moment`);
  }
}

/** The provider answered in a way we do not understand (schema mismatch, unexpected status). */
export class ProviderProtocolError extends Error {
  override name = "ProviderProtocolError";
  constructor(
    readonly provider: ProviderName,
    readonly reason: string,
  ) {
    super(`${PROVIDER_LABELS[provider]} gave an unexpected answer`);
  }
}

export class ProviderNotConfigured extends Error {
  override name = "ProviderNotConfigured";
  constructor(readonly provider: ProviderName) {
    super(`${PROVIDER_LABELS[provider]} is not configured on this portal`);
  }
}

/** Parse Retry-After (seconds or HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True for failures worth retrying later: the provider or the network, not our request. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Read a provider's JSON answer of the expected shape, or throw the matching error: 5xx/429 →
 * ProviderUnavailable (with Retry-After), any other non-2xx or a shape mismatch → ProviderProtocolError.
 */
export async function expectProviderJson<T>(
  provider: ProviderName,
  response: Response,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  if (isTransientStatus(response.status)) {
    throw new ProviderUnavailable(
      provider,
      `${what} ${response.status}`,
      retryAfterMs(response.headers.get("retry-after")),
    );
  }
  if (!response.ok) throw new ProviderProtocolError(provider, `${what} answered ${response.status}`);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ProviderProtocolError(provider, `${what} did not match the expected shape`);
  return parsed.data;
}
