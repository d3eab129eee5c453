import { expect, test } from "@playwright/test";

const DEMO_PASSWORD = "portal-demo-2026";

test.describe("signing in", () => {
  test("a signed-out visitor to /dashboard is sent to /sign-in", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("a wrong password and an unknown email get the same answer", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password");

    await page.getByLabel("Email").fill("nobody@nowhere.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a customer admin lands on the dashboard of their workspace, and can sign out", async ({ page }) => {
    await page.goto("/dashboard");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("workspace-name")).toHaveText("Acme GmbH");
    await expect(page.getByRole("heading", { name: "Connections of Acme GmbH" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("partner staff see 'Partner staff'", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("staff@partner.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("workspace-name")).toHaveText("Partner staff");
    await expect(page.getByRole("heading", { name: "All connections" })).toBeVisible();
  });
});
