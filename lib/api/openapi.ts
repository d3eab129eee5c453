import { z } from "zod";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import {
  accessTokenSchema,
  connectionIdParams,
  connectionPage,
  connectionSchema,
  listConnectionsQuery,
  pingSchema,
  problemSchema,
  providerName,
  statusName,
} from "./schemas";
import { PROXY_METHODS_FOR_DOCS } from "./proxy-methods";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas that parse the requests (schemas.ts)
 * with zod 4's own z.toJSONSchema: no hand-written duplicate to drift. Pure (no configuration),
 * so the committed typed client can be checked against it in a test.
 */

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const COMPONENTS = {
  Provider: providerName,
  ConnectionStatus: statusName,
  Connection: connectionSchema,
  ConnectionPage: connectionPage,
  AccessToken: accessTokenSchema,
  Problem: problemSchema,
  Ping: pingSchema,
};

function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, strip(s as Record<string, unknown>)]));
}

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, id: _id, ...rest } = schema;
  return rest;
}

function parameters(schema: z.ZodObject, where: "query" | "path") {
  return Object.entries(schema.shape).map(([name, field]) => {
    const inner: unknown = field instanceof z.ZodOptional ? field.unwrap() : field;
    const component = Object.entries(COMPONENTS).find(([, s]) => s === inner)?.[0];
    const json: Record<string, unknown> = component
      ? ref(component)
      : strip(z.toJSONSchema(field as z.ZodType, { target: "draft-2020-12", io: "input", unrepresentable: "any" }));
    const { description, ...jsonSchema } = json;
    return {
      name,
      in: where,
      required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: jsonSchema,
    };
  });
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const ok = (id: string, description: string) => ({ description, content: { "application/json": { schema: ref(id) } } });
const common = {
  "401": problemResponse("Missing, unknown or revoked API key"),
  "403": problemResponse("The key lacks the scope"),
  "429": problemResponse("Too many failed key attempts from this address"),
};
const scope = (s: (typeof API_KEY_SCOPES)[number]) => ({ "x-required-scope": s });

export function buildOpenApiDocument() {
  const idParam = parameters(connectionIdParams, "path");
  const proxyOperation = (method: string) => ({
    operationId: `proxy${method[0]}${method.slice(1).toLowerCase()}`,
    summary: `${method} through the provider proxy`,
    description:
      "Forwards the call to the connection's provider API (Pleo: `PLEO_API_URL`, Pliant: `PLIANT_API_URL`) with its credentials. " +
      "A 401 from the provider renews the token once and retries once. Only plain relative paths under the API base are accepted " +
      "(no `..`, encoded separators or absolute URLs). Pliant calls stay inside the connection's organization: `organizationId` is added " +
      "to the query when absent and a different one is refused. Bodies up to 1 MiB in, 10 MiB out; 30 s in all.",
    ...scope("proxy"),
    parameters: [
      ...idParam,
      {
        name: "path",
        in: "path",
        required: true,
        description: "Provider API path, one or more segments",
        schema: { type: "string" },
      },
    ],
    ...(method === "GET" || method === "HEAD" || method === "DELETE"
      ? {}
      : { requestBody: { required: false, content: { "*/*": { schema: {} } } } }),
    responses: {
      default: { description: "The provider's answer, relayed (status, safe headers, body)" },
      "400": problemResponse("Path or organization refused"),
      ...common,
      "404": problemResponse("No such connection for this key"),
      "409": problemResponse("The connection needs re-authorization or is revoked"),
      "413": problemResponse("Request body too large"),
      "503": problemResponse("The provider is unavailable (see Retry-After)"),
    },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Partner Connect Portal API",
      version: "1.0.0",
      description:
        "Use a customer's Pleo or Pliant connection from your backend. Authenticate with `Authorization: Bearer pcp_live_…` (staff create keys at /settings/api-keys). Errors are RFC 9457 problem details.",
    },
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/connections": {
        get: {
          operationId: "listConnections",
          summary: "List connections (keyset paging)",
          ...scope("connections:read"),
          parameters: parameters(listConnectionsQuery, "query"),
          responses: {
            "200": ok("ConnectionPage", "A page of connections, oldest first"),
            "400": problemResponse("Invalid query"),
            ...common,
          },
        },
      },
      "/api/v1/connections/{id}": {
        get: {
          operationId: "getConnection",
          summary: "One connection",
          ...scope("connections:read"),
          parameters: idParam,
          responses: {
            "200": ok("Connection", "The connection"),
            "400": problemResponse("Invalid id"),
            ...common,
            "404": problemResponse("No such connection for this key"),
          },
        },
      },
      "/api/v1/connections/{id}/access-token": {
        post: {
          operationId: "issueAccessToken",
          summary: "A valid provider access token for the connection",
          description:
            "Pleo: the connection's own token, refreshed first if it expires within a minute (exactly one refresh whatever the concurrency). Pliant: the shared partner token and the organization id to name in calls. Every token issued is an audit event naming the key.",
          ...scope("tokens:issue"),
          parameters: idParam,
          responses: {
            "200": ok("AccessToken", "A token and its expiry"),
            "400": problemResponse("Invalid id"),
            ...common,
            "404": problemResponse("No such connection for this key"),
            "409": problemResponse(
              "Needs re-authorization or revoked: `connectionStatus` and `reconnectUrl` say where the customer reconnects",
            ),
            "503": problemResponse("The provider is unavailable (see Retry-After)"),
          },
        },
      },
      "/api/v1/connections/{id}/proxy/{path}": Object.fromEntries(
        PROXY_METHODS_FOR_DOCS.map((m) => [m.toLowerCase(), proxyOperation(m)]),
      ),
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: {
            "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
      "/api/v1/ping": {
        get: {
          operationId: "ping",
          summary: "A bare handler returning {} (benchmark baseline; no key needed)",
          security: [],
          responses: { "200": ok("Ping", "Always {}") },
        },
      },
    },
    components: {
      schemas: components(),
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "pcp_live_… API key" } },
    },
  };
}
