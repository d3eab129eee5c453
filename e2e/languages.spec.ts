import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { DEMO_PASSWORD, signIn, signInAs, withDatabase } from "./helpers";

// Screenshots of every language go outside the repository when asked (E2E_SCREENSHOT_DIR).
const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? "e2e/.screenshots/languages";
mkdirSync(SHOTS, { recursive: true });

const contexts: BrowserContext[] = [];

async function contextPage(browser: Browser, locale: string): Promise<Page> {
  // Playwright's locale sets the Accept-Language header and the browser's language.
  const context = await browser.newContext({ locale });
  contexts.push(context);
  return context.newPage();
}

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** No page may show a message key next-intl could not find (lib/i18n/messages.ts renders them "[missing: …]"). */
async function expectNoMissingKeys(page: Page) {
  await expect(page.locator("body")).not.toContainText("[missing:");
  await expect(page).not.toHaveTitle(/missing/);
}

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.afterAll(async () => {
  // The Danish choice below is saved on the demo admin; other specs expect the browser to decide.
  await withDatabase((db) => db.query("update users set locale = null where email = 'admin@acme.test'"));
});

test("with Accept-Language: de the sign-in page and the dashboard are German, and accessible", async ({ browser }) => {
  const page = await contextPage(browser, "de-DE");
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Passwort vergessen?" })).toBeVisible();
  // DESIGN.md fixes these labels in every language.
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessible(page);
  await signIn(page, "admin@acme.test");
  await expect(page.getByRole("heading", { name: "Verbindungen von Acme GmbH" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await expectNoMissingKeys(page);
  await expectAccessible(page);
});

test("switching to Danish is saved: it stays after sign-out and after signing in again", async ({ browser }) => {
  const page = await contextPage(browser, "de-DE");
  await signInAs(page, "admin@acme.test");
  await expect(page.getByRole("heading", { name: "Verbindungen von Acme GmbH" })).toBeVisible();
  await page.getByLabel("Sprache").selectOption("da");
  await expect(page.getByRole("heading", { name: "Forbindelser for Acme GmbH" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "da");
  await page.getByRole("button", { name: "Log ud" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Log ind" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Glemt din adgangskode?" })).toBeVisible();

  // A fresh browser, still German by Accept-Language: the saved choice wins once signed in.
  const other = await contextPage(browser, "de-DE");
  await other.goto("/sign-in");
  await expect(other.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await other.getByLabel("Email").fill("admin@acme.test");
  await other.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other.getByRole("heading", { name: "Forbindelser for Acme GmbH" })).toBeVisible();
});

const LANGUAGES = [
  {
    locale: "en-GB",
    code: "en",
    signIn: "Sign in",
    dashboard: "Connections of Acme GmbH",
    forgot: "Forgot your password?",
  },
  {
    locale: "de-DE",
    code: "de",
    signIn: "Anmelden",
    dashboard: "Verbindungen von Acme GmbH",
    forgot: "Passwort vergessen?",
  },
  {
    locale: "da-DK",
    code: "da",
    signIn: "Log ind",
    dashboard: "Forbindelser for Acme GmbH",
    forgot: "Glemt din adgangskode?",
  },
  {
    locale: "sv-SE",
    code: "sv",
    signIn: "Logga in",
    dashboard: "Anslutningar för Acme GmbH",
    forgot: "Glömt ditt lösenord?",
  },
  {
    locale: "fr-FR",
    code: "fr",
    signIn: "Connexion",
    dashboard: "Connexions de Acme GmbH",
    forgot: "Mot de passe oublié ?",
  },
];

for (const lang of LANGUAGES) {
  test(`${lang.code}: customer-facing pages render without a missing key, pass axe, and are photographed`, async ({
    browser,
  }) => {
    // Nine pages, each checked by axe: slow on a shared machine.
    test.setTimeout(240_000);
    await withDatabase((db) =>
      db.query("update users set locale = null where email in ('admin@acme.test', 'staff@partner.test')"),
    );
    const page = await contextPage(browser, lang.locale);
    const visit = async (path: string, shot: string) => {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", lang.code);
      await expectNoMissingKeys(page);
      await expectAccessible(page);
      await page.screenshot({ path: `${SHOTS}/${lang.code}-${shot}.png`, fullPage: true });
    };
    await visit("/sign-in", "sign-in");
    await expect(page.getByRole("heading", { name: lang.signIn, exact: true })).toBeVisible();
    await visit("/forgot-password", "forgot-password");
    await visit("/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invitation-not-valid");
    await visit("/connect/failed?reason=expired", "connect-failed");
    await signInAs(page, "admin@acme.test");
    await visit("/dashboard", "dashboard");
    await expect(page.getByRole("heading", { name: lang.dashboard })).toBeVisible();
    const first = page.getByTestId("connection-row").first().getByRole("link").first();
    if (await first.count()) {
      await first.click();
      await expect(page).toHaveURL(/\/dashboard\/connections\//);
      await visit(page.url(), "connection");
    }
    await visit("/dashboard?notice=revoked", "dashboard-notice");
    await visit("/settings/team", "admins");
    await visit("/no-such-page", "not-found");
  });
}

// What the staff pages said in English before they were translated: none of it may show in German.
const STAFF_ENGLISH = [
  "All connections",
  "Background jobs",
  "Provider status",
  "Pliant token quota",
  "All providers",
  "Token refreshes",
  "Show as a table",
  "No connections match",
  "Some filter values",
  "Create workspace",
  "Invite someone",
  "Pending invitations",
  "Create an API key",
  "Last used",
  "Add endpoint",
  "Endpoints",
  "Delivery log",
  "Machine-readable",
  "Last run",
  "Next run",
  "Webhook events",
  "Revoked here",
];

test("de: partner staff's pages render without a missing key or an English leftover, and pass axe", async ({
  browser,
}) => {
  // Nine pages, each checked by axe and for 22 English phrases: slow on a shared machine.
  test.setTimeout(600_000);
  await withDatabase((db) => db.query("update users set locale = null where email = 'staff@partner.test'"));
  const page = await contextPage(browser, "de-DE");
  // helpers.signIn, with more patience for a busy machine.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("staff@partner.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 120_000 });
  // englishInside: the API reference quotes the (English) OpenAPI document itself.
  const visit = async (path: string, heading: string | RegExp, { englishInside = false } = {}) => {
    await page.goto(path);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoMissingKeys(page);
    if (!englishInside)
      for (const english of STAFF_ENGLISH)
        await expect(page.locator("body"), `${path}: "${english}"`).not.toContainText(english);
    await expectAccessible(page);
  };
  await visit("/dashboard", "Alle Verbindungen");
  await expect(page.getByTestId("provider-status")).toContainText("Anbieterstatus");
  await expect(page.getByTestId("refresh-chart")).toContainText("Token-Erneuerungen, letzte 7 Tage (UTC)");
  // The ignored-filter note and the empty result of a search.
  await visit("/dashboard?status=nonsense&q=zz-no-such-account", "Alle Verbindungen");
  await expect(page.getByTestId("filter-note")).toContainText("werden ignoriert (status)");
  await expect(page.getByRole("heading", { name: "Keine Verbindungen passen zu diesen Filtern" })).toBeVisible();
  await visit("/dashboard/jobs", "Hintergrundjobs");
  await expect(page.getByTestId("job-pleo-keep-alive")).toContainText("alle 15 Min.");
  await visit("/settings/workspaces", "Arbeitsbereiche");
  await expect(page.getByLabel("Als", { exact: true }).locator("option").first()).toHaveText("Admin von Acme GmbH");
  await visit("/settings/workspaces?notice=workspace-created", "Arbeitsbereiche");
  await expect(page.getByTestId("notice")).toHaveText("Arbeitsbereich angelegt.");
  await visit("/settings/api-keys", "API-Schlüssel");
  await expect(page.getByRole("button", { name: "Erstellen" })).toBeVisible();
  await visit("/settings/webhooks", "Webhooks");
  await expect(page.getByRole("button", { name: "Endpunkt hinzufügen" })).toBeVisible();
  await visit("/docs/api", "Partner Connect Portal API", { englishInside: true });
  await expect(page.getByText("Maschinenlesbar:")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Schemas" })).toBeVisible();
  // A connection as staff see it, when this run has one (the customer tour above may not have made any).
  await page.goto("/dashboard");
  const first = page.getByTestId("connection-row").first().getByRole("link").first();
  if (await first.count()) {
    await first.click();
    await expect(page).toHaveURL(/\/dashboard\/connections\//);
    await visit(page.url(), /./);
    await expect(page.getByRole("heading", { name: "Webhook-Ereignisse" })).toBeVisible();
  }
});
