import { escapeHtml as e, page } from "../core/html";
import { PLEO_COMPANIES, PLEO_DEMO_USER, PLEO_ORGANISATIONS } from "./data";
import type { AuthorizeRequest } from "./authorize-check";

export const APPLICATION_NAME = "Sandbox Partner App";

export function errorPage(message: string): string {
  return page("Pleo sandbox — error", `<h1>Authorization error</h1><p class="error">${e(message)}</p>`);
}

interface ConsentView {
  request: AuthorizeRequest;
  error?: string;
  email?: string;
  subject?: string;
}

/** Sign-in and consent in one page: credentials, the company (or organisation) and Allow/Deny. */
export function consentPage(view: ConsentView): string {
  const { request } = view;
  const hidden: Record<string, string | undefined> = {
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(" "),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
  };
  const hiddenFields = Object.entries(hidden)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join("\n");
  const selected = view.subject ?? `company:${PLEO_COMPANIES[0]?.id ?? ""}`;
  const radio = (value: string, label: string, id: string) =>
    `<div><input type="radio" id="${id}" name="subject" value="${e(value)}"${value === selected ? " checked" : ""}> <label for="${id}" style="display:inline">${e(label)}</label></div>`;
  const orgs = PLEO_ORGANISATIONS.map((org, i) => {
    const companies = PLEO_COMPANIES.filter((c) => c.organizationId === org.id)
      .map((c, j) => radio(`company:${c.id}`, c.name, `company-${i}-${j}`))
      .join("\n");
    return `<fieldset><legend>${e(org.name)}</legend>
${companies}
${radio(`organisation:${org.id}`, `${org.name} (all companies)`, `organisation-${i}`)}
</fieldset>`;
  }).join("\n");

  return page(
    "Pleo sandbox — authorize",
    `<h1>Sign in to Pleo</h1>
<p><strong>${e(APPLICATION_NAME)}</strong> asks for access: ${request.scopes.map((s) => `<code>${e(s)}</code>`).join(" ")}</p>
${view.error ? `<p class="error" role="alert">${e(view.error)}</p>` : ""}
<form method="post" action="/oauth/authorize/decision">
${hiddenFields}
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${e(view.email ?? PLEO_DEMO_USER.email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" value="${e(PLEO_DEMO_USER.password)}">
<h2>Choose a company</h2>
${orgs}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}
