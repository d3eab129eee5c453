import "server-only";
import { isLoopbackUrl } from "@/lib/env";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import { ProviderUnavailable } from "./errors";
import { providerHttpRequest } from "./http-request";
import type { ProviderName } from "./names";

/** How one provider's API is called with a bearer token (pleo/api.ts, pliant/api.ts). */
export type BearerApi = {
  provider: ProviderName;
  /** The provider's name in error messages ("Pleo", "Pliant"). */
  label: string;
  /** The configured API base (origin and path), without a trailing slash. */
  apiUrl: string;
  timeoutMs: number;
  /** Resolve "/x" under the base's path as well (leading slashes dropped); otherwise from the origin, as URL does. */
  pathsUnderBase?: boolean;
  /** Refuse a URL that is not https (loopback http allowed); default: "<label> API calls require https". */
  assertSecure?: (url: URL) => void;
  /** Headers every call carries besides Authorization and Accept (e.g. an API version). */
  headers?: Record<string, string>;
  /** Before the call (after the URL checks): may throw to hold the call back (a rate-limit cool-down). */
  before?: () => void;
  /** After an answer: may consume it and throw instead (a 429). */
  after?: (response: Response) => Promise<Response>;
};

function assertHttps(label: string, url: URL): void {
  if (url.protocol !== "https:" && !isLoopbackUrl(url.href)) throw new Error(`${label} API calls require https`);
}

/**
 * One request to a provider's API with a given bearer token: the path stays on the API's origin,
 * https (except loopback), no redirects followed, a default timeout, timed for metrics. Network
 * failures become ProviderUnavailable.
 */
export async function bearerRequest(
  api: BearerApi,
  accessToken: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const url = new URL(api.pathsUnderBase ? path.replace(/^\/+/, "") : path, `${api.apiUrl}/`);
  if (url.origin !== new URL(api.apiUrl).origin)
    throw new Error(`${api.label} API paths must stay on the ${api.label} API host`);
  if (api.assertSecure) api.assertSecure(url);
  else assertHttps(api.label, url);
  api.before?.();
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${accessToken}`);
  for (const [name, value] of Object.entries(api.headers ?? {})) headers.set(name, value);
  headers.set("Accept", "application/json");
  let response: Response;
  try {
    response = await timedProviderFetch(
      api.provider,
      url,
      { ...init, headers, signal: init.signal ?? AbortSignal.timeout(api.timeoutMs) },
      // undici's request: redirects are never followed (as fetch's "manual"); see http-request.ts.
      providerHttpRequest,
    );
  } catch (error) {
    throw new ProviderUnavailable(api.provider, error instanceof Error ? error.name : "network error");
  }
  return api.after ? api.after(response) : response;
}
