import "server-only";
import { z } from "zod";
import { bearerRequest } from "../bearer-request";
import { ProviderProtocolError, ProviderUnavailable, expectProviderJson, isTransientStatus } from "../errors";
import { PLEO_TIMEOUT_MS, pleoServer } from "./config";
import { COMPANY_RESPONSE, INSTALLATION_DELETE, WHO_AM_I } from "./contract";

/** One request to Pleo's API with a given bearer token. Network failures become ProviderUnavailable. */
export async function pleoApiRequest(accessToken: string, path: string, init: RequestInit = {}): Promise<Response> {
  const api = { provider: "pleo", label: "Pleo", apiUrl: pleoServer().apiUrl, timeoutMs: PLEO_TIMEOUT_MS } as const;
  return await bearerRequest(api, accessToken, path, init);
}

const introspection = z.object({
  data: z.object({
    subjectURN: z.string().regex(WHO_AM_I.value.subjectUrn),
    scope: z.string().optional(),
    clientId: z.string().optional(),
    applicationName: z.string().optional(),
  }),
});

export type PleoSubject = { kind: "company" | "organisation"; id: string; urn: string };

export function parseSubjectUrn(urn: string): PleoSubject {
  const [, , kind, id] = urn.split(":");
  return { kind: kind === "company" ? "company" : "organisation", id: id!.toLowerCase(), urn };
}

const expectJson = <T>(response: Response, schema: z.ZodType<T>, what: string) =>
  expectProviderJson("pleo", response, schema, what);

/** GET /v1/introspect: who granted this token (contract.ts WHO_AM_I). */
export async function fetchSubject(accessToken: string): Promise<PleoSubject & { scope?: string }> {
  const body = await expectJson(await pleoApiRequest(accessToken, WHO_AM_I.value.path), introspection, "introspect");
  return { ...parseSubjectUrn(body.data.subjectURN), scope: body.data.scope };
}

const company = z.object({ id: z.string(), name: z.string(), organizationId: z.string().nullish() });

export async function fetchCompany(accessToken: string, companyId: string) {
  const response = await pleoApiRequest(
    accessToken,
    COMPANY_RESPONSE.value.path.replace("{companyId}", encodeURIComponent(companyId)),
  );
  // Pleo wraps the company in {data: …} (contract.ts COMPANY_RESPONSE).
  return (await expectJson(response, z.object({ data: company }), "company")).data;
}

/** DELETE /v1/installations/me: revokes every access and refresh token of the installation. */
export async function deleteInstallation(accessToken: string): Promise<void> {
  const response = await pleoApiRequest(accessToken, INSTALLATION_DELETE.value.path, {
    method: INSTALLATION_DELETE.value.method,
  });
  // 401/404: the installation or its grant is already gone, which is what we asked for.
  if (response.ok || response.status === 401 || response.status === 404) return;
  if (isTransientStatus(response.status)) throw new ProviderUnavailable("pleo", `installations ${response.status}`);
  throw new ProviderProtocolError("pleo", `installations answered ${response.status}`);
}
