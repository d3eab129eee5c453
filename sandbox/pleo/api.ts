import { bearerToken } from "../core/http";
import { json, noContent, type Reply } from "../core/reply";
import type { Ctx, Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import { APPLICATION_NAME } from "./authorize-page";
import { findCompany, PLEO_COMPANIES, PLEO_EXPENSES } from "./data";
import { subjectUrn, type Grant, type PleoState } from "./state";

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
        if (!companiesOf(grant).includes(company.id)) return forbidden("The token's subject does not cover this company.");
        return json(200, company);
      }),
    },
    {
      method: "DELETE",
      path: "/v1/installations/me",
      name: "pleo.installations.delete",
      handle: withGrant((_ctx, grant) => {
        state.revokeGrant(grant.id, "installation deleted");
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
        if (companyId && !findCompany(companyId)) return json(404, { error: "not_found", error_description: "Unknown company." });
        if (companyId && !allowed.includes(companyId)) return forbidden("The token's subject does not cover this company.");
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
