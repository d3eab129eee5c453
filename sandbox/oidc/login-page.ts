import { escapeHtml as e, page } from "../core/html";
import { OIDC_IDENTITIES, OIDC_PASSWORD } from "./identities";

/** The identity provider's sign-in form for one interaction. */
export function loginPage(view: { uid: string; clientId: string; error?: string; email?: string }): string {
  const people = OIDC_IDENTITIES.map((i) => `<li><code>${e(i.login)}</code> — ${e(i.note)}</li>`).join("\n");
  return page(
    "Sandbox identity provider — sign in",
    `<h1>Sign in to the sandbox identity provider</h1>
<p><strong>${e(view.clientId)}</strong> asks who you are (openid, email, profile).</p>
${view.error ? `<p class="error" role="alert">${e(view.error)}</p>` : ""}
<form method="post" action="/interaction/${e(view.uid)}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${e(view.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" value="${e(OIDC_PASSWORD)}">
<p><button type="submit">Continue</button>
<button type="submit" formaction="/interaction/${e(view.uid)}/abort" formnovalidate>Cancel</button></p>
</form>
<p>People (password <code>${e(OIDC_PASSWORD)}</code>):</p>
<ul>
${people}
</ul>`,
  );
}

export function errorPage(message: string): string {
  return page("Sandbox identity provider — error", `<h1>Sign-in error</h1><p class="error">${e(message)}</p>`);
}
