import "server-only";
import type { ProviderName } from "@/lib/providers/names";
import { endpointTemplate } from "./endpoint";
import { processMetrics } from "./in-process";

/**
 * fetch (or another transport of the same shape), timed into portal_provider_request_duration_seconds
 * (status "error" when no response came).
 */
export async function timedProviderFetch(
  provider: ProviderName,
  url: URL | string,
  init?: RequestInit,
  transport: (url: URL, init?: RequestInit) => Promise<Response> = fetch,
): Promise<Response> {
  const endpoint = endpointTemplate(new URL(url).pathname);
  const stop = processMetrics().providerRequestSeconds.startTimer({ provider, endpoint });
  try {
    const response = await transport(new URL(url), init);
    stop({ status: String(response.status) });
    return response;
  } catch (error) {
    stop({ status: "error" });
    throw error;
  }
}
