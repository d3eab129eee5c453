import { z } from "zod";
import { parseControl } from "../core/control";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { approve, checkAuthorize, deny, parseSubject } from "./authorize-check";
import { subjectUrn, type Grant, type PleoState } from "./state";

const selectSchema = z
  .strictObject({ grantId: z.string().optional(), subject: z.string().optional() })
  .refine((v) => v.grantId !== undefined || v.subject !== undefined, "grantId or subject is required");

const authorizeSchema = z.strictObject({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  state: z.string().optional(),
  company_id: z.string().optional(),
  organisation_id: z.string().optional(),
  decision: z.enum(["allow", "deny"]).default("allow"),
});

/** Pleo-only control routes: inspect and break grants, and a browserless authorize shortcut. */
export function pleoControlRoutes(config: SandboxConfig, runtime: Runtime, state: PleoState): Route[] {
  const pick = (sel: { grantId?: string; subject?: string }): Grant[] =>
    [...state.grants.values()].filter(
      (g) =>
        (sel.grantId === undefined || g.id === sel.grantId) &&
        (sel.subject === undefined || subjectUrn(g.subject) === sel.subject),
    );

  const view = (g: Grant) => {
    const live = state.activeRefresh(g.id);
    const refreshExpired = g.status === "active" && !live;
    return {
      id: g.id,
      clientId: g.clientId,
      subject: subjectUrn(g.subject),
      scopes: g.scopes,
      status: g.status === "revoked" ? "revoked" : refreshExpired ? "refresh_expired" : "active",
      revokedReason: g.revokedReason ?? null,
      createdAt: g.createdAt,
      refreshCount: g.refreshCount,
      lastRefreshAt: g.lastRefreshAt ?? null,
      refreshIssuedAt: live?.issuedAt ?? null,
    };
  };

  return [
    {
      method: "GET",
      path: "/__sandbox/grants",
      name: null,
      handle: () => json(200, { grants: [...state.grants.values()].map(view) }),
    },
    // Pleo's installation records: status, errorCode and every status the partner set.
    {
      method: "GET",
      path: "/__sandbox/installations",
      name: null,
      handle: () => json(200, { installations: [...state.installations.values()] }),
    },
    {
      method: "POST",
      path: "/__sandbox/grants/revoke",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, selectSchema);
        if (!p.ok) return p.reply;
        const revoked = pick(p.value).filter((g) =>
          state.revokeGrant(g.id, "revoked by the sandbox control API"),
        ).length;
        return json(200, { revoked });
      },
    },
    {
      method: "POST",
      path: "/__sandbox/grants/expire",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, selectSchema);
        if (!p.ok) return p.reply;
        const expired = pick(p.value).reduce((n, g) => n + state.expireRefresh(g.id), 0);
        return json(200, { expired });
      },
    },
    {
      method: "POST",
      path: "/__sandbox/authorize",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, authorizeSchema);
        if (!p.ok) return p.reply;
        const body = p.value;
        const get = (k: string) => {
          const v: unknown = (body as Record<string, unknown>)[k];
          return typeof v === "string" ? v : undefined;
        };
        // Same validation as the browser page; response_type defaults to the only valid value.
        const check = checkAuthorize((k) => (k === "response_type" ? (get(k) ?? "code") : get(k)), config);
        if (check.kind === "page") return json(400, { error: "invalid_request", error_description: check.message });
        if (check.kind === "redirect") return json(200, { location: check.location });
        if (body.decision === "deny") return json(200, { location: deny(check.request) });
        const subject = body.organisation_id
          ? parseSubject(`organisation:${body.organisation_id}`)
          : parseSubject(`company:${body.company_id ?? ""}`);
        if (!subject)
          return json(400, { error: "invalid_request", error_description: "Unknown company_id or organisation_id." });
        return json(200, { location: approve(state, check.request, subject, runtime.clock.nowSec()) });
      },
    },
  ];
}
