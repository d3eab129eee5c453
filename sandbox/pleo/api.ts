import { bearerToken, jsonBody } from "../core/http";
import { json, noContent, type Reply } from "../core/reply";
import type { Ctx, Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import { APPLICATION_NAME } from "./authorize-page";
import { findCompany, PLEO_COMPANIES, PLEO_EXPENSES } from "./data";
import { subjectUrn, type Grant, type Installation, type PleoState } from "./state";

const INSTALLATION_STATUSES = ["ACTIVATED", "INACTIVE", "AUTHORIZED", "PENDING_INTEGRATION", "ERROR"] as const;
const INSTALLATION_ERROR_CODES = ["NOT_ENTITLED", "AUTH_ERROR"] as const;

/** The installation as Pleo's API returns it. */
const installationView = (i: Installation) => ({
  applicationId: "7f3c2a10-5b6e-4c8d-9e1f-2a3b4c5d6e7f",
  createdAt: new Date(i.createdAt * 1000).toISOString(),
  id: i.id,
  metadata: i.metadata,
  resource: i.resource,
  status: i.status,
  updatedAt: new Date(i.updatedAt * 1000).toISOString(),
  ...(i.errorCode ? { errorCode: i.errorCode } : {}),
});

const EXPENSE_SCOPES = ["expenses:read", "export-items:read"];

const unauthorized = () =>
  json(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });

const forbidden = (description: string) => json(403, { error: "insufficient_scope", error_description: description });

/** Companies the grant's subject covers: itself, or every company of its organisation. */
function companiesOf(grant: Grant): string[] {
  if (grant.subject.kind === "company") return [grant.subject.id];
  return PLEO_COMPANIES.filter((c) => c.organizationId === grant.subject.id).map((c) => c.id);
}

/** The external API (`/v1/...`), Bearer-protected. */
export function apiRoutes(runtime: Runtime, state: PleoState): Route[] {
  const withGrant = (handler: (ctx: Ctx, grant: Grant) => Reply) => (ctx: Ctx) => {
    const value = bearerToken(ctx.headers);
    const found = value ? state.findAccess(value) : undefined;
    if (!found || !state.accessActive(found.token, found.grant, runtime.clock.nowSec())) return unauthorized();
    return handler(ctx, found.grant);
  };

  return [
    {
      method: "GET",
      path: "/v1/introspect",
      name: "pleo.api.introspect",
      handle: withGrant((_ctx, grant) =>
        json(200, {
          data: {
            authMethod: "oauth",
            clientId: grant.clientId,
            scope: grant.scopes.join(" "),
            applicationName: APPLICATION_NAME,
            subjectURN: subjectUrn(grant.subject),
          },
        }),
      ),
    },
    {
      method: "GET",
      path: "/v1/companies/:id",
      name: "pleo.companies",
      handle: withGrant((ctx, grant) => {
        const company = findCompany(ctx.params.id ?? "");
        if (!company) return json(404, { error: "not_found", error_description: "Unknown company." });
        if (!companiesOf(grant).includes(company.id))
          return forbidden("The token's subject does not cover this company.");
        // Pleo wraps single resources in `data`.
        return json(200, { data: company });
      }),
    },
    {
      method: "GET",
      path: "/v1/installations/me",
      name: "pleo.installations.get",
      handle: withGrant((_ctx, grant) => {
        const i = state.installations.get(subjectUrn(grant.subject));
        return i
          ? json(200, installationView(i))
          : json(404, { error: "not_found", error_description: "No installation." });
      }),
    },
    {
      method: "POST",
      path: "/v1/installations/me:activate",
      name: "pleo.installations.activate",
      handle: withGrant((_ctx, grant) => {
        const i = state.installations.get(subjectUrn(grant.subject));
        if (!i) return json(404, { error: "not_found", error_description: "No installation." });
        Object.assign(i, { status: "ACTIVATED", errorCode: null, updatedAt: runtime.clock.nowSec() });
        i.history.push("ACTIVATED");
        return json(200, installationView(i));
      }),
    },
    {
      method: "PUT",
      path: "/v1/installations/me",
      name: "pleo.installations.update",
      handle: withGrant((ctx, grant) => {
        const i = state.installations.get(subjectUrn(grant.subject));
        if (!i) return json(404, { error: "not_found", error_description: "No installation." });
        const body = jsonBody(ctx.headers, ctx.body) as
          { status?: unknown; errorCode?: unknown; metadata?: unknown } | undefined;
        const status = INSTALLATION_STATUSES.find((s) => s === body?.status);
        const errorCode =
          body?.errorCode === undefined ? undefined : INSTALLATION_ERROR_CODES.find((c) => c === body.errorCode);
        const metadata = body?.metadata;
        if (
          !status ||
          (body?.errorCode !== undefined && !errorCode) ||
          (metadata !== undefined && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)))
        ) {
          return json(400, {
            error: "invalid_request",
            error_description:
              "status (ACTIVATED|INACTIVE|AUTHORIZED|PENDING_INTEGRATION|ERROR) is required; errorCode NOT_ENTITLED|AUTH_ERROR.",
          });
        }
        Object.assign(i, {
          status,
          errorCode: errorCode ?? null,
          updatedAt: runtime.clock.nowSec(),
          ...(metadata ? { metadata } : {}),
        });
        i.history.push(errorCode ? `${status}:${errorCode}` : status);
        return json(200, installationView(i));
      }),
    },
    {
      method: "DELETE",
      path: "/v1/installations/me",
      name: "pleo.installations.delete",
      handle: withGrant((_ctx, grant) => {
        state.revokeGrant(grant.id, "installation deleted");
        state.installations.delete(subjectUrn(grant.subject));
        return noContent();
      }),
    },
    {
      method: "GET",
      path: "/v1/expenses",
      name: "pleo.expenses",
      handle: withGrant((ctx, grant) => {
        if (!grant.scopes.some((s) => EXPENSE_SCOPES.includes(s))) {
          return forbidden(`Requires one of the scopes: ${EXPENSE_SCOPES.join(", ")}.`);
        }
        const q = ctx.url.searchParams;
        const limit = Number(q.get("limit") ?? "20");
        const page = Number(q.get("page") ?? "0");
        if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(page) || page < 0) {
          return json(400, { error: "invalid_request", error_description: "limit must be 1-100 and page >= 0." });
        }
        const allowed = companiesOf(grant);
        const companyId = q.get("company_id");
        if (companyId && !findCompany(companyId))
          return json(404, { error: "not_found", error_description: "Unknown company." });
        if (companyId && !allowed.includes(companyId))
          return forbidden("The token's subject does not cover this company.");
        const all = (companyId ? [companyId] : allowed).flatMap((id) => PLEO_EXPENSES.get(id) ?? []);
        const data = all.slice(page * limit, page * limit + limit);
        return json(200, {
          data,
          pagination: { page, limit, total: all.length, hasNextPage: (page + 1) * limit < all.length },
        });
      }),
    },
  ];
}
