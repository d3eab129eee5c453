import "server-only";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import { z } from "zod";
import { log } from "@/lib/log";
import { ProviderProtocolError, ProviderUnavailable, isTransientStatus, retryAfterMs } from "../errors";
import { PLIANT_TIMEOUT_MS, assertSecureUrl, pliantClient } from "./config";
import { TOKEN_QUOTA, TOKEN_REQUEST } from "./contract";
import { parseQuotaHeader, quotaExhaustedUntil, toTokenQuota, type TokenQuota } from "./token-quota";

/** A client-credentials token as we keep it: one per environment, for every organization. */
export type PliantToken = { accessToken: string; obtainedAt: Date; expiresAt: Date };

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().regex(/^bearer$/i),
});

/**
 * Over the token quota (429). `retryAfterMs` is Retry-After when sent, else the reset the quota
 * header announced for the empty bucket, else undefined (the caller falls back to what it stored).
 */
export class TokenQuotaExceeded extends ProviderUnavailable {
  override name = "TokenQuotaExceeded";
  constructor(
    retryAfterMs: number | undefined,
    readonly quota: TokenQuota | undefined,
  ) {
    super("pliant", "token quota", retryAfterMs);
  }
}

/** The announced quota of a token answer, or undefined (absent, or malformed: logged, never trusted). */
function announcedQuota(response: Response, now: number): TokenQuota | undefined {
  const header = response.headers.get(TOKEN_QUOTA.value.header);
  if (header === null) return undefined;
  const parsed = parseQuotaHeader(header);
  if (!parsed.ok) {
    log.warn("pliant.token.quota_header_malformed", { reason: parsed.reason });
    return undefined;
  }
  return toTokenQuota(parsed.buckets, now);
}

/**
 * POST the client credentials (JSON, as Pliant documents). Returns the token and the quota the
 * answer announced. 429 → TokenQuotaExceeded; 5xx/timeout → ProviderUnavailable; anything else
 * unexpected → ProviderProtocolError.
 */
export async function requestClientCredentialsToken(now = Date.now()): Promise<PliantToken & { quota?: TokenQuota }> {
  const c = pliantClient();
  const url = new URL(c.tokenUrl);
  assertSecureUrl(url);
  let response: Response;
  try {
    response = await timedProviderFetch("pliant", url, {
      method: TOKEN_REQUEST.value.method,
      headers: { "Content-Type": TOKEN_REQUEST.value.contentType, Accept: "application/json" },
      body: JSON.stringify({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        audience: c.audience,
        grant_type: TOKEN_REQUEST.value.grantType,
      }),
      redirect: "manual",
      signal: AbortSignal.timeout(PLIANT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderUnavailable("pliant", error instanceof Error ? error.name : "network error");
  }
  const quota = announcedQuota(response, now);
  if (response.status === 429) {
    await response.body?.cancel();
    // Pliant's 429 has no Retry-After: wait for the reset the quota header announced.
    const emptyUntil = quotaExhaustedUntil(quota, now);
    throw new TokenQuotaExceeded(
      retryAfterMs(response.headers.get("retry-after"), now) ?? (emptyUntil ? emptyUntil - now : undefined),
      quota,
    );
  }
  if (isTransientStatus(response.status)) throw new ProviderUnavailable("pliant", `token endpoint ${response.status}`);
  if (!response.ok) throw new ProviderProtocolError("pliant", `token endpoint answered ${response.status}`);
  const parsed = tokenResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ProviderProtocolError("pliant", "token response did not match the expected shape");
  return {
    accessToken: parsed.data.access_token,
    obtainedAt: new Date(now),
    expiresAt: new Date(now + parsed.data.expires_in * 1000),
    quota,
  };
}
