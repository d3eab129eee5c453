import { bearerToken } from "../core/http";
import { json, type Reply } from "../core/reply";
import type { Ctx, Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import { jsonBody } from "../core/http";
import {
  findOrganization,
  organizationView,
  PLIANT_ORGANIZATIONS,
  PLIANT_TRANSACTIONS,
  type PliantTransaction,
} from "./data";
import type { PliantState } from "./state";
import { sendCallback, type CallbackSubscription } from "./callbacks";
import type { SigningKey } from "./signing";

const RATE = { limit: 900, windowMs: 5 * 60_000 } as const;
const SORTABLE = ["createdAt", "amount"] as const;

const err = (status: number, error: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { error, message }, headers);

function paging(q: URLSearchParams): { limit: number; page: number } | undefined {
  const limit = Number(q.get("limit") ?? "50");
  const page = Number(q.get("page") ?? "0");
  if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(page) || page < 0) return undefined;
  return { limit, page };
}

function pageOf<T>(all: readonly T[], p: { limit: number; page: number }) {
  const data = all.slice(p.page * p.limit, (p.page + 1) * p.limit);
  return { data, page: p.page, limit: p.limit, total: all.length, hasNextPage: (p.page + 1) * p.limit < all.length };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The partner API under /api: Bearer token, Pliant-API-Version and Pliant's published rate limit
 * (900 requests per 5 minutes per IP: everything reaching the sandbox comes from one address). Over
 * it, the published 429 without Retry-After, until the count falls below the limit.
 */
/** The partner API under /api: Bearer token, Pliant-API-Version and a per-IP rate limit. */
export function apiRoutes(
  runtime: Runtime,
  state: PliantState,
  callbacks?: { subscription: CallbackSubscription; key: SigningKey },
): Route[] {
  const guarded = (handler: (ctx: Ctx) => Reply) => (ctx: Ctx) => {
    const value = bearerToken(ctx.headers);
    const token = value ? state.findToken(value, runtime.clock.nowSec()) : undefined;
    if (!token) return err(401, "unauthorized", "Missing, invalid or expired access token.");
    const version = ctx.headers["pliant-api-version"];
    if (typeof version !== "string" || !/^2\.\d+\.\d+$/.test(version)) {
      return err(400, "missing_api_version", "Header Pliant-API-Version is required (e.g. 2.1.0).");
    }
    const now = runtime.clock.nowMs();
    if (state.apiCalls.countWithin(now, RATE.windowMs) >= RATE.limit) {
      return json(429, { error: "Sending more than 900 requests in 5 minutes is not allowed" });
    }
    state.apiCalls.add(now);
    return handler(ctx);
  };

  /** undefined = OK; otherwise the reply for an unknown or not-authorized organization. */
  const orgAccess = (orgId: string): Reply | undefined => {
    if (!findOrganization(orgId)) return err(404, "not_found", "Organization not found.");
    if (state.statusOf(orgId) !== "active")
      return err(403, "forbidden", "The partner is not authorized for this organization.");
    return undefined;
  };

  // Published: POST /organizations/{organizationId}/activate with an optional syncFromDate, kept
  // across a re-activation when omitted. Deactivate's path is not published; the sandbox answers
  // the portal's assumption by symmetry. The old guessed partner-management paths answer 404.
  const authorization = (action: "activate" | "deactivate"): Route => ({
    method: "POST",
    path: `/api/organizations/:id/${action}`,
    name: `pliant.${action}`,
    handle: guarded((ctx) => {
      const id = ctx.params.id ?? "";
      const status = state.statusOf(id);
      if (!status) return err(404, "not_found", "Organization not found.");
      if (action === "activate" && status !== "pending" && status !== "active") {
        return err(
          409,
          "authorization_not_started",
          `The customer has not started the authorization (state: ${status}).`,
        );
      }
      if (action === "activate" && ctx.body.length > 0) {
        const body = jsonBody(ctx.headers, ctx.body) as { syncFromDate?: unknown } | undefined;
        const date = body?.syncFromDate;
        if (
          !body ||
          (date !== undefined && (typeof date !== "string" || !ISO_DATE.test(date) || Number.isNaN(Date.parse(date))))
        ) {
          return err(400, "bad_request", "syncFromDate must be a date (YYYY-MM-DD).");
        }
        if (typeof date === "string") state.setSyncFromDate(id, date);
      }
      const next = action === "activate" ? "active" : "revoked";
      if (status !== next) state.setStatus(id, next, runtime.clock.nowSec());
      if (action === "activate" && status !== "active" && callbacks)
        sendCallback(callbacks.subscription, callbacks.key, "AUTHORIZATION_GRANTED", id, runtime.clock.nowSec());
      return json(200, {
        organizationId: id,
        status: next.toUpperCase(),
        ...(action === "activate" ? { syncFromDate: state.authorizations.get(id)?.syncFromDate ?? null } : {}),
      });
    }),
  });

  return [
    {
      // (assumed, as in the portal's CALLBACK_SUBSCRIPTION_PATH) subscribe a URL to authorization callbacks.
      method: "POST",
      path: "/api/subscriptions/authorization",
      name: "pliant.subscribe",
      handle: guarded((ctx) => {
        const body = jsonBody(ctx.headers, ctx.body) as { callbackUrl?: unknown; types?: unknown } | undefined;
        const url = typeof body?.callbackUrl === "string" ? body.callbackUrl : "";
        const types = Array.isArray(body?.types) ? body.types.filter((t): t is string => typeof t === "string") : [];
        if (!/^https?:\/\//.test(url) || types.length === 0)
          return err(400, "bad_request", "callbackUrl (http/https) and types are required.");
        if (callbacks) Object.assign(callbacks.subscription, { url, types: new Set(types) });
        return json(200, { callbackUrl: url, types });
      }),
    },
    authorization("activate"),
    authorization("deactivate"),
    {
      method: "GET",
      path: "/api/organizations",
      name: "pliant.organizations",
      handle: guarded((ctx) => {
        const p = paging(ctx.url.searchParams);
        if (!p) return err(400, "bad_request", "limit must be 1-500 and page >= 0.");
        const status = ctx.url.searchParams.get("status");
        const orgs = PLIANT_ORGANIZATIONS.filter(
          (o) => state.statusOf(o.id) === "active" && (!status || o.status === status),
        );
        return json(200, pageOf(orgs.map(organizationView), p));
      }),
    },
    {
      method: "GET",
      path: "/api/organizations/:id",
      name: "pliant.organization",
      handle: guarded(
        (ctx) => orgAccess(ctx.params.id ?? "") ?? json(200, organizationView(findOrganization(ctx.params.id ?? "")!)),
      ),
    },
    {
      method: "GET",
      path: "/api/transactions",
      name: "pliant.transactions",
      handle: guarded((ctx) => {
        const q = ctx.url.searchParams;
        const orgId = q.get("organizationId");
        if (!orgId) return err(400, "bad_request", "organizationId is required.");
        const denied = orgAccess(orgId);
        if (denied) return denied;
        const p = paging(q);
        const sortBy = q.get("sortBy") ?? "createdAt";
        const direction = (q.get("sortDirection") ?? "DESC").toUpperCase();
        if (!p || !(SORTABLE as readonly string[]).includes(sortBy) || !["ASC", "DESC"].includes(direction)) {
          return err(400, "bad_request", "Bad limit/page, sortBy (createdAt|amount) or sortDirection (ASC|DESC).");
        }
        const key = (t: PliantTransaction) =>
          sortBy === "amount" ? t.transactionAmount.value : Date.parse(t.createdAt);
        const sorted = [...(PLIANT_TRANSACTIONS.get(orgId) ?? [])].sort(
          (a, b) => (key(a) - key(b)) * (direction === "ASC" ? 1 : -1),
        );
        return json(200, pageOf(sorted, p));
      }),
    },
  ];
}
