import "server-only";
import { z } from "zod";
import { bearerRequest } from "../bearer-request";
import { ProviderProtocolError, ProviderUnavailable, expectProviderJson, retryAfterMs } from "../errors";
import {
  PLIANT_API_VERSION,
  PLIANT_API_VERSION_HEADER,
  PLIANT_TIMEOUT_MS,
  assertSecureUrl,
  pliantClient,
} from "./config";
import { pliantOutcome } from "./outcome";
import { noteAnswered, noteRateLimited, rateLimitWaitMs } from "./rate-limit";

/**
 * One request to Pliant's partner API with a given bearer token. Network failures become
 * ProviderUnavailable; so does a 429 (rate limit), after which this process holds its calls back
 * for a while instead of prolonging Pliant's block (rate-limit.ts).
 */
export async function pliantApiRequest(accessToken: string, path: string, init: RequestInit = {}): Promise<Response> {
  return await bearerRequest(
    {
      provider: "pliant",
      label: "Pliant",
      apiUrl: pliantClient().apiUrl,
      timeoutMs: PLIANT_TIMEOUT_MS,
      pathsUnderBase: true,
      assertSecure: assertSecureUrl,
      headers: { [PLIANT_API_VERSION_HEADER]: PLIANT_API_VERSION },
      before: holdBackWhileCoolingDown,
      after: noteRateLimit,
    },
    accessToken,
    path,
    init,
  );
}

function holdBackWhileCoolingDown(): void {
  const wait = rateLimitWaitMs();
  if (wait > 0) throw new ProviderUnavailable("pliant", "api rate limit (cooling down)", wait);
}

async function noteRateLimit(response: Response): Promise<Response> {
  if (response.status !== 429) {
    noteAnswered();
    return response;
  }
  await response.body?.cancel();
  const coolDownMs = noteRateLimited(retryAfterMs(response.headers.get("retry-after")));
  throw new ProviderUnavailable("pliant", "api rate limit", coolDownMs);
}

/** A read answered 202 or 204: a success without data, which must never be read as "empty". */
export class PliantNoData extends ProviderProtocolError {
  override name = "PliantNoData";
}

/**
 * Read a JSON answer of the expected shape, or throw: 202/204 → PliantNoData, 409 (locked) →
 * ProviderUnavailable (try later), otherwise as expectProviderJson.
 */
export async function expectPliantJson<T>(response: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const outcome = pliantOutcome(response.status);
  if (outcome.kind === "accepted" || outcome.kind === "no_content") {
    await response.body?.cancel();
    throw new PliantNoData(
      "pliant",
      `${what} answered ${response.status} (${outcome.kind === "accepted" ? "accepted, asynchronous" : "no content, feature module may be disabled"})`,
    );
  }
  if (outcome.kind === "locked") {
    await response.body?.cancel();
    throw new ProviderUnavailable("pliant", `${what} locked (409)`);
  }
  return expectProviderJson("pliant", response, schema, what);
}

/**
 * An organization as Pliant lists it (contract.ts ORGANIZATION_FIELDS): the id as `organizationId`
 * (or `id`), a name when Pliant gives one. Ids are compared in lower case.
 */
export const organizationSchema = z
  .looseObject({
    organizationId: z.string().min(1).max(200).optional(),
    id: z.string().min(1).max(200).optional(),
    name: z.string().max(300).nullish(),
  })
  .transform((o, ctx) => {
    const id = o.organizationId ?? o.id;
    if (!id) {
      ctx.addIssue({ code: "custom", message: "organization without organizationId or id" });
      return z.NEVER;
    }
    const name = o.name?.trim();
    return { organizationId: id.toLowerCase(), name: name ? name : null };
  });

export type PliantOrganization = z.infer<typeof organizationSchema>;

/** GET /organizations: one page; `hasNextPage` when the server says so, else a full page means "maybe more". */
export const organizationsPage = z.object({ data: z.array(organizationSchema), hasNextPage: z.boolean().optional() });
