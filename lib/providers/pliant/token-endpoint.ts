import "server-only";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import { z } from "zod";
import { ProviderProtocolError, ProviderUnavailable, isTransientStatus, retryAfterMs } from "../errors";
import { PLIANT_TIMEOUT_MS, assertSecureUrl, pliantClient } from "./config";

/** A client-credentials token as we keep it: one per environment, for every organization. */
export type PliantToken = { accessToken: string; obtainedAt: Date; expiresAt: Date };

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().regex(/^bearer$/i),
});

/** Without a Retry-After on a 429, nobody asks again for this long (the quota is 42/hour). */
export const DEFAULT_QUOTA_BACKOFF_MS = 60_000;

/**
 * POST the client credentials (JSON, as Pliant documents). 429 → ProviderUnavailable carrying
 * Retry-After; 5xx/timeout → ProviderUnavailable; anything else unexpected → ProviderProtocolError.
 */
export async function requestClientCredentialsToken(now = Date.now()): Promise<PliantToken> {
  const c = pliantClient();
  const url = new URL(c.tokenUrl);
  assertSecureUrl(url);
  let response: Response;
  try {
    response = await timedProviderFetch("pliant", url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ client_id: c.clientId, client_secret: c.clientSecret, audience: c.audience, grant_type: "client_credentials" }),
      redirect: "manual",
      signal: AbortSignal.timeout(PLIANT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderUnavailable("pliant", error instanceof Error ? error.name : "network error");
  }
  if (response.status === 429) {
    throw new ProviderUnavailable("pliant", "token quota", retryAfterMs(response.headers.get("retry-after")) ?? DEFAULT_QUOTA_BACKOFF_MS);
  }
  if (isTransientStatus(response.status)) throw new ProviderUnavailable("pliant", `token endpoint ${response.status}`);
  if (!response.ok) throw new ProviderProtocolError("pliant", `token endpoint answered ${response.status}`);
  const parsed = tokenResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ProviderProtocolError("pliant", "token response did not match the expected shape");
  return { accessToken: parsed.data.access_token, obtainedAt: new Date(now), expiresAt: new Date(now + parsed.data.expires_in * 1000) };
}
