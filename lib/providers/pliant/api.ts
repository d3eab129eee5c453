import "server-only";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import { z } from "zod";
import { ProviderUnavailable, expectProviderJson } from "../errors";
import { PLIANT_API_VERSION, PLIANT_TIMEOUT_MS, assertSecureUrl, pliantClient } from "./config";

/** One request to Pliant's partner API with a given bearer token. Network failures become ProviderUnavailable. */
export async function pliantApiRequest(accessToken: string, path: string, init: RequestInit = {}): Promise<Response> {
  const { apiUrl } = pliantClient();
  const url = new URL(path.replace(/^\/+/, ""), `${apiUrl}/`);
  if (url.origin !== new URL(apiUrl).origin) throw new Error("Pliant API paths must stay on the Pliant API host");
  assertSecureUrl(url);
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${accessToken}`);
  headers.set("Pliant-API-Version", PLIANT_API_VERSION);
  headers.set("Accept", "application/json");
  try {
    return await timedProviderFetch("pliant", url, { ...init, headers, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(PLIANT_TIMEOUT_MS) });
  } catch (error) {
    throw new ProviderUnavailable("pliant", error instanceof Error ? error.name : "network error");
  }
}

/** Read a JSON answer of the expected shape, or throw the matching provider error. */
export const expectPliantJson = <T,>(response: Response, schema: z.ZodType<T>, what: string) => expectProviderJson("pliant", response, schema, what);

export const organizationSchema = z.object({ id: z.string().min(1), name: z.string().min(1).max(300) });

/** GET /organizations: one page; `hasNextPage` when the server says so, else a full page means "maybe more". */
export const organizationsPage = z.object({ data: z.array(organizationSchema), hasNextPage: z.boolean().optional() });
