import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { DEMO_PASSWORD, PLEO_SANDBOX, sandboxControl, withDatabase } from "./helpers";

// `npm run screenshots`: the same pages in every language, for docs/screenshots/ (committed, so
// reviewers see the translations without running the portal). Skipped in the ordinary test run.
test.skip(!process.env.E2E_SCREENSHOTS, "only with E2E_SCREENSHOTS=1 (npm run screenshots)");

const DIR = "docs/screenshots";
const LANGUAGES = [
  { locale: "en-GB", code: "en" },
  { locale: "de-DE", code: "de" },
  { locale: "da-DK", code: "da" },
  { locale: "sv-SE", code: "sv" },
  { locale: "fr-FR", code: "fr" },
];

// helpers.signIn, with the patience a busy machine needs (argon2 on two shared cores).
async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 120_000 });
}

async function shoot(page: Page, code: string, name: string) {
  await expect(page.locator("html")).toHaveAttribute("lang", code);
  await expect(page.locator("body")).not.toContainText("[missing:");
  // The browser's time zone cookie may refresh the page once; photograph what settles.
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${DIR}/${code}-${name}.png` });
}

test("every language: sign-in, the admin's dashboard, a connection, the staff dashboard and workspaces", async ({
  browser,
}) => {
  test.setTimeout(1_500_000);
  mkdirSync(DIR, { recursive: true });
  await withDatabase((db) =>
    db.query("update users set locale = null where email in ('admin@acme.test', 'staff@partner.test')"),
  );

  // One Pleo connection to show, made the way an admin makes it (the sandbox's consent page).
  const setup = await browser.newPage({ locale: "en-GB" });
  await signIn(setup, "admin@acme.test");
  if ((await setup.getByTestId("connection-row").count()) === 0) {
    await sandboxControl(PLEO_SANDBOX, "POST", "reset");
    await setup.getByRole("link", { name: "Connect Pleo" }).click();
    await setup.getByLabel("Nordlys ApS", { exact: true }).check();
    await setup.getByRole("button", { name: "Allow" }).click();
    await expect(setup.getByTestId("notice")).toHaveText("Pleo is connected.");
  }
  await setup.close();

  for (const lang of LANGUAGES) {
    const context = await browser.newContext({ locale: lang.locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await shoot(page, lang.code, "sign-in");

    await signIn(page, "admin@acme.test");
    await shoot(page, lang.code, "dashboard");
    await page.getByTestId("connection-row").first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/dashboard\/connections\//);
    await shoot(page, lang.code, "connection");

    await context.clearCookies();
    await signIn(page, "staff@partner.test");
    await shoot(page, lang.code, "staff-dashboard");
    await page.goto("/settings/workspaces");
    await shoot(page, lang.code, "workspaces");
    await context.close();
  }
});
