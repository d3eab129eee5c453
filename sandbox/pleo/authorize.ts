import { formBody } from "../core/http";
import { html, redirect } from "../core/reply";
import type { Route } from "../core/router";
import type { Runtime } from "../core/runtime";
import type { SandboxConfig } from "../options";
import { PLEO_DEMO_USER } from "./data";
import { approve, checkAuthorize, deny, parseSubject } from "./authorize-check";
import { consentPage, errorPage } from "./authorize-page";
import type { PleoState } from "./state";

/** GET /oauth/authorize (the consent page) and POST /oauth/authorize/decision (its form). */
export function authorizeRoutes(config: SandboxConfig, runtime: Runtime, state: PleoState): Route[] {
  return [
    {
      method: "GET",
      path: "/oauth/authorize",
      name: "pleo.authorize",
      handle: (ctx) => {
        const check = checkAuthorize((k) => ctx.url.searchParams.get(k) ?? undefined, config);
        if (check.kind === "page") return html(400, errorPage(check.message));
        if (check.kind === "redirect") return redirect(check.location);
        return html(200, consentPage({ request: check.request }));
      },
    },
    {
      method: "POST",
      path: "/oauth/authorize/decision",
      name: "pleo.authorize.decision",
      handle: (ctx) => {
        const form = formBody(ctx.headers, ctx.body) ?? new URLSearchParams();
        const get = (k: string) => form.get(k) ?? undefined;
        // Re-validated: the hidden fields come back from the browser and may have been altered.
        const check = checkAuthorize(get, config);
        if (check.kind === "page") return html(400, errorPage(check.message));
        if (check.kind === "redirect") return redirect(check.location, 303);
        const request = check.request;
        const decision = get("decision");
        if (decision === "deny") return redirect(deny(request), 303);
        if (decision !== "allow") return html(400, errorPage("Choose Allow or Deny."));
        const view = { request, email: get("email"), subject: get("subject") };
        if (get("email")?.toLowerCase() !== PLEO_DEMO_USER.email || get("password") !== PLEO_DEMO_USER.password) {
          return html(200, consentPage({ ...view, error: "Wrong email or password." }));
        }
        const subject = parseSubject(get("subject"));
        if (!subject) return html(200, consentPage({ ...view, error: "Choose a company." }));
        return redirect(approve(state, request, subject, runtime.clock.nowSec()), 303);
      },
    },
  ];
}
