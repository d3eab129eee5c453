import createClient from "openapi-fetch";
import type { paths } from "./schema";

/**
 * A typed client for the partner API, for your backend: paths, parameters and answers are checked
 * by TypeScript against the OpenAPI document.
 *
 *   const api = partnerApiClient("https://portal.example.com", process.env.PORTAL_API_KEY!);
 *   const { data, error } = await api.POST("/api/v1/connections/{id}/access-token", { params: { path: { id } } });
 */
export function partnerApiClient(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = globalThis.fetch) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` }, fetch: fetchImpl });
}
