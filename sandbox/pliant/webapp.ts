import { escapeHtml as e, page } from "../core/html";
import { html, redirect } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { findOrganization, PLIANT_ORGANIZATIONS } from "./data";
import { partnerLoginUrl, type SigningKey } from "./signing";
import type { AuthorizationStatus, PliantState } from "./state";
import { sendCallback, type CallbackSubscription } from "./callbacks";

export const PARTNER_NAME = "Sandbox Partner";

const LABELS: Record<AuthorizationStatus, string> = {
  not_connected: "Not connected",
  pending: "Pending",
  active: "Connected",
  revoked: "Revoked",
};

/** The slice of the Pliant web app an admin uses to start and revoke the partner authorization. */
export function webappRoutes(
  config: SandboxConfig,
  runtime: Runtime,
  state: PliantState,
  key: SigningKey,
  subscription?: CallbackSubscription,
): Route[] {
  const notFound = () => html(404, page("Pliant sandbox", "<h1>Organization not found</h1>"));

  return [
    {
      method: "GET",
      path: "/",
      name: "pliant.app.home",
      handle: () => {
        const items = PLIANT_ORGANIZATIONS.map(
          (o) =>
            `<li><a href="/organizations/${e(o.id)}/integrations">${e(o.name)}</a> — ${e(LABELS[state.statusOf(o.id) ?? "not_connected"])}</li>`,
        ).join("\n");
        return html(200, page("Pliant sandbox", `<h1>Pliant sandbox</h1><ul>${items}</ul>`));
      },
    },
    {
      method: "GET",
      path: "/organizations/:orgId/integrations",
      name: "pliant.app.integrations",
      handle: (ctx) => {
        const org = findOrganization(ctx.params.orgId ?? "");
        if (!org) return notFound();
        const returned = ctx.url.searchParams.get("status");
        // The partner's `error` rolls back an authorization the customer had started.
        if (returned === "error" && state.statusOf(org.id) === "pending")
          state.setStatus(org.id, "not_connected", runtime.clock.nowSec());
        const status = state.statusOf(org.id) ?? "not_connected";
        let banner = "";
        if (returned === "success") {
          banner = status === "active" ? "Integration connected" : "Waiting for the partner to activate";
        } else if (returned === "error") {
          banner = "The partner reported an error; the authorization was rolled back";
        }
        const base = `/organizations/${e(org.id)}/integrations`;
        const action =
          status === "active"
            ? `<form method="post" action="${base}/revoke"><button type="submit">Revoke</button></form>`
            : `<form method="post" action="${base}/authorize"><p>Sharing card transactions and organization details with ${e(PARTNER_NAME)}.</p><button type="submit">Authorize</button></form>`;
        return html(
          200,
          page(
            `${org.name} — Integrations`,
            `<h1>${e(org.name)}</h1>
${banner ? `<p class="${returned === "error" ? "error" : "banner"}" role="status">${e(banner)}</p>` : ""}
<h2>Integrations</h2>
<section><h3>${e(PARTNER_NAME)}</h3>
<p>Status: <strong data-testid="authorization-status">${e(LABELS[status])}</strong></p>
${action}
</section>`,
          ),
        );
      },
    },
    {
      method: "POST",
      path: "/organizations/:orgId/integrations/authorize",
      name: "pliant.app.authorize",
      handle: (ctx) => {
        const org = findOrganization(ctx.params.orgId ?? "");
        if (!org) return notFound();
        const now = runtime.clock.nowSec();
        state.setStatus(org.id, "pending", now);
        if (subscription) sendCallback(subscription, key, "AUTHORIZATION_PENDING", org.id, now);
        return redirect(partnerLoginUrl(config, key, ctx.origin, org.id, now), 303);
      },
    },
    {
      method: "POST",
      path: "/organizations/:orgId/integrations/revoke",
      name: "pliant.app.revoke",
      handle: (ctx) => {
        const org = findOrganization(ctx.params.orgId ?? "");
        if (!org) return notFound();
        state.setStatus(org.id, "revoked", runtime.clock.nowSec());
        return redirect(`/organizations/${org.id}/integrations`, 303);
      },
    },
  ];
}
