import { z } from "zod";
import { parseControl } from "../core/control";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { findOrganization, PLIANT_ORGANIZATIONS } from "./data";
import { partnerLoginUrl, signPliantRedirect, type SigningKey } from "./signing";
import type { PliantState } from "./state";
import { replayCallback, sendCallback, type CallbackSubscription } from "./callbacks";

const orgSchema = z.strictObject({ organizationId: z.string() });
const replaySchema = z.strictObject({ webhookId: z.string().min(1), tamper: z.boolean().optional() });
const signSchema = z.strictObject({
  t: z.union([z.number().int(), z.string()]).optional(),
  partnerId: z.string().optional(),
  organizationId: z.string(),
});

/** Pliant-only control routes: authorization states, the Authorize shortcut, signing for tests. */
export function pliantControlRoutes(
  config: SandboxConfig,
  runtime: Runtime,
  state: PliantState,
  key: SigningKey,
  subscription?: CallbackSubscription,
): Route[] {
  const unknownOrg = () => json(404, { error: "not_found", error_description: "Unknown organizationId." });

  return [
    {
      method: "GET",
      path: "/__sandbox/callbacks",
      name: null,
      handle: () => json(200, { subscribedUrl: subscription?.url ?? null, sent: subscription?.sent ?? [] }),
    },
    {
      // Send a sent callback's signed request again (a duplicate), or tampered: the receiver's answer.
      method: "POST",
      path: "/__sandbox/callbacks/replay",
      name: null,
      handle: async (ctx) => {
        const p = parseControl(ctx, replaySchema);
        if (!p.ok) return p.reply;
        const answer = subscription
          ? await replayCallback(subscription, p.value.webhookId, p.value.tamper ?? false)
          : undefined;
        return answer
          ? json(200, answer)
          : json(404, { error: "not_found", error_description: "No such callback sent, or no subscription." });
      },
    },
    {
      method: "GET",
      path: "/__sandbox/authorizations",
      name: null,
      handle: () =>
        json(200, {
          authorizations: PLIANT_ORGANIZATIONS.map((o) => ({
            organizationId: o.id,
            name: o.name,
            status: state.statusOf(o.id),
            changedAt: state.authorizations.get(o.id)?.changedAt ?? null,
            syncFromDate: state.authorizations.get(o.id)?.syncFromDate ?? null,
          })),
        }),
    },
    {
      method: "POST",
      path: "/__sandbox/authorizations/start",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, orgSchema);
        if (!p.ok) return p.reply;
        if (!findOrganization(p.value.organizationId)) return unknownOrg();
        const now = runtime.clock.nowSec();
        state.setStatus(p.value.organizationId, "pending", now);
        if (subscription) sendCallback(subscription, key, "AUTHORIZATION_PENDING", p.value.organizationId, now);
        return json(200, { loginUrl: partnerLoginUrl(config, key, ctx.origin, p.value.organizationId, now) });
      },
    },
    {
      method: "POST",
      path: "/__sandbox/authorizations/revoke",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, orgSchema);
        if (!p.ok) return p.reply;
        if (!findOrganization(p.value.organizationId)) return unknownOrg();
        state.setStatus(p.value.organizationId, "revoked", runtime.clock.nowSec());
        return json(200, { organizationId: p.value.organizationId, status: "revoked" });
      },
    },
    {
      method: "POST",
      path: "/__sandbox/sign",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, signSchema);
        if (!p.ok) return p.reply;
        const t = p.value.t ?? runtime.clock.nowSec();
        const v1a = signPliantRedirect(
          key.privateKey,
          t,
          p.value.partnerId ?? config.pliantPartnerId,
          p.value.organizationId,
        );
        return json(200, { v1a, kid: key.kid, t });
      },
    },
  ];
}
