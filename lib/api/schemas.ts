import { z } from "zod";
import { connectionStatus, provider } from "@/db/schema";

/**
 * The partner API's contract: every request is parsed with these schemas, and the OpenAPI document
 * (openapi.ts) is generated from the very same objects, so the two cannot drift apart.
 */

// Microsecond ISO instant: Postgres keeps microseconds, a JS Date would round them away.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export type Cursor = { at: string; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, "utf8").toString("base64url");
}

const cursor = z
  .string()
  .max(200)
  .transform((raw, ctx): Cursor => {
    const [at, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
    if (rest.length || !at || !INSTANT.test(at) || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at))) {
      ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
      return z.NEVER;
    }
    return { at, id: id! };
  })
  .meta({ description: "Opaque: the `nextCursor` of the previous page." });

export const providerName = z.enum(provider.enumValues);
export const statusName = z.enum(connectionStatus.enumValues);

export const listConnectionsQuery = z.strictObject({
  provider: providerName.optional(),
  status: statusName.optional(),
  workspace: z.uuid().optional().meta({ description: "Workspace id" }),
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: "Page size, 1–200 (default 50)" }),
});

export const connectionIdParams = z.strictObject({ id: z.uuid().meta({ description: "Connection id" }) });

export const connectionSchema = z.object({
  id: z.uuid(),
  provider: providerName,
  status: statusName,
  statusReason: z.string().nullable(),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  externalId: z.string().meta({ description: "Pleo company or organisation id; Pliant organization id" }),
  externalName: z.string().nullable(),
  scopes: z.array(z.string()),
  connectedAt: z.iso.datetime().nullable(),
  connectedBy: z.string().nullable().meta({ description: "Email of the person who connected it" }),
  lastRefresh: z.object({ at: z.iso.datetime().nullable(), outcome: z.string().nullable() }),
  createdAt: z.iso.datetime(),
});

export const connectionPage = z.object({
  data: z.array(connectionSchema),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
});

export const accessTokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresAt: z.iso.datetime().nullable(),
  provider: providerName,
  organizationId: z
    .string()
    .optional()
    .meta({ description: "Pliant: the organization to name in every call (the token is shared by all)" }),
  apiBaseUrl: z.url(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    connectionStatus: statusName.optional(),
    reconnectUrl: z.url().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: "RFC 9457 problem details" });

export const pingSchema = z.object({});

export type ConnectionJson = z.infer<typeof connectionSchema>;
