import { expect, test, type Page } from "@playwright/test";
import { OIDC_SANDBOX } from "./helpers";

// Single sign-on against the sandbox identity provider (sandbox/oidc, a real oidc-provider on its
// own port): the portal's AUTH_OIDC_* point at it in npm test.

const SESSION_COOKIE = "authjs.session-token"; // http APP_URL in e2e: no __Secure- prefix

/** From the portal's sign-in page through the identity provider's form, as `email`. */
async function signInWithSso(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_SANDBOX.replace(/\./g, "\\.")}/interaction/`));
  await expect(page.getByRole("heading", { name: "Sign in to the sandbox identity provider" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("sandbox");
  await page.getByRole("button", { name: "Continue" }).click();
}

async function expectNoSession(page: Page) {
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
}

test.describe("single sign-on", () => {
  test("partner staff sign in through the identity provider and land on the dashboard; the session cookie is HttpOnly", async ({
    page,
  }) => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
    await signInWithSso(page, "staff@partner.test");
    await expect(page).toHaveURL(/localhost:\d+\/dashboard$/);
    await expect(page.getByTestId("workspace-name")).toHaveText("Partner staff");
    await expect(page.getByRole("heading", { name: "All connections" })).toBeVisible();

    const session = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(session, "session cookie").toBeDefined();
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    // The flow's own cookies (PKCE verifier, state, nonce) are gone once used.
    const names = (await page.context().cookies(page.url())).map((c) => c.name);
    expect(names.filter((n) => /pkce|state|nonce/.test(n))).toEqual([]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("someone the identity provider knows but the portal does not is refused, with a clear message and no session", async ({
    page,
  }) => {
    await page.goto("/sign-in");
    await signInWithSso(page, "stranger@partner.test");
    await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied$/);
    await expect(page.getByTestId("sign-in-error")).toHaveText(
      "Your single sign-on account has no access to the Partner Connect Portal. Ask partner staff to add your email address, or sign in with your password.",
    );
    await expectNoSession(page);
  });

  test("a portal user whose email the identity provider has not verified is refused", async ({ page }) => {
    await page.goto("/sign-in");
    await signInWithSso(page, "admin@globex.test");
    await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied$/);
    await expect(page.getByTestId("sign-in-error")).toBeVisible();
    await expectNoSession(page);
  });

  test("cancelling at the identity provider comes back to the sign-in page without a session", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await expect(page.getByTestId("sign-in-error")).toHaveText("Sign-in did not complete. Please try again.");
    await expectNoSession(page);
  });

  test("a portal user's email without the email_verified claim is refused (a missing claim is not a yes)", async ({
    page,
  }) => {
    await page.goto("/sign-in");
    await signInWithSso(page, "no-claim@idp.test");
    await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied$/);
    await expectNoSession(page);
  });

  test("once staff's identity is linked, another subject with staff's verified email is refused", async ({ page }) => {
    // Links (issuer, sb-staff) to staff@partner.test, if an earlier test has not already.
    await page.goto("/sign-in");
    await signInWithSso(page, "staff@partner.test");
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.context().clearCookies();
    await page.goto("/sign-in");
    await signInWithSso(page, "impostor@idp.test");
    await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied$/);
    await expectNoSession(page);
  });
});
