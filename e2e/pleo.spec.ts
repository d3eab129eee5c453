import { expect, test } from "@playwright/test";
import { PLEO_SANDBOX, rowOf, sandboxControl, signInAs } from "./helpers";

// One story, in order: the sandbox's grants carry over from step to step.
test.describe.configure({ mode: "serial" });

test.describe("a customer admin connects Pleo", () => {
  test.beforeAll(async () => {
    await sandboxControl(PLEO_SANDBOX, "POST", "reset");
  });

  test("Deny in Pleo → a clear message and no connection", async ({ page }) => {
    await signInAs(page, "admin@globex.test");
    await page.getByRole("link", { name: "Connect Pleo" }).click();
    await page.getByLabel("Brightwater Ltd", { exact: true }).check();
    await page.getByRole("button", { name: "Deny" }).click();
    await expect(page).toHaveURL(/\/dashboard\?notice=pleo-denied/);
    await expect(page.getByTestId("notice")).toContainText("access was denied in Pleo");
    await expect(page.getByText("No connections yet")).toBeVisible();
  });

  test("Connect Pleo → Allow → Active; Revoke → Revoked; Reconnect → Active, same connection", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await page.getByRole("link", { name: "Connect Pleo" }).click();
    await expect(page).toHaveURL(new RegExp(`^${PLEO_SANDBOX}/oauth/authorize`));
    await page.getByLabel("Nordlys ApS", { exact: true }).check();
    await page.getByRole("button", { name: "Allow" }).click();

    await expect(page.getByTestId("notice")).toHaveText("Pleo is connected.");
    const row = rowOf(page, "Nordlys ApS");
    await expect(row.getByTestId("status-badge")).toHaveText("Active");
    const id = await row.getAttribute("data-connection-id");

    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
    await expect(page.getByTestId("notice")).toContainText("revoked");
    await expect(rowOf(page, "Nordlys ApS").getByTestId("status-badge")).toHaveText("Revoked");
    const counters = (await sandboxControl(PLEO_SANDBOX, "GET", "counters")) as Record<string, { total: number }>;
    expect(counters["pleo.installations.delete"]?.total).toBe(1);

    await rowOf(page, "Nordlys ApS").getByRole("link", { name: "Reconnect" }).click();
    await page.getByLabel("Nordlys ApS", { exact: true }).check();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByTestId("notice")).toContainText("reconnected");
    const again = rowOf(page, "Nordlys ApS");
    await expect(again.getByTestId("status-badge")).toHaveText("Active");
    expect(await again.getAttribute("data-connection-id")).toBe(id);
  });

  test("a grant revoked in Pleo → next use marks it Needs re-authorization → Reconnect repairs it", async ({
    page,
  }) => {
    await signInAs(page, "admin@acme.test");
    await sandboxControl(PLEO_SANDBOX, "POST", "grants/revoke", {
      subject: "urn:pleo:company:3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11",
    });

    await rowOf(page, "Nordlys ApS").getByRole("link", { name: "Nordlys ApS" }).click();
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("notice")).toContainText("Test connection failed");
    await expect(page.getByTestId("status-badge")).toHaveText("Needs re-authorization");
    await expect(page.getByTestId("audit-trail")).toContainText("connection.needs_reauth");

    await page.getByRole("link", { name: "Reconnect" }).click();
    await page.getByLabel("Nordlys ApS", { exact: true }).check();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(rowOf(page, "Nordlys ApS").getByTestId("status-badge")).toHaveText("Active");
  });

  test("reconnecting with a different company is refused with a clear message", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await rowOf(page, "Nordlys ApS").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
    await rowOf(page, "Nordlys ApS").getByRole("link", { name: "Reconnect" }).click();
    await page.getByLabel("Nordlys AB", { exact: true }).check();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByTestId("notice")).toContainText("different Pleo account");
    await expect(rowOf(page, "Nordlys ApS").getByTestId("status-badge")).toHaveText("Revoked");
    await expect(rowOf(page, "Nordlys AB")).toHaveCount(0);
  });

  test("a replayed callback is a clear error page and stores nothing", async ({ page }) => {
    await signInAs(page, "admin@globex.test");
    await page.getByRole("link", { name: "Connect Pleo" }).click();
    await page.getByLabel("Brightwater GmbH", { exact: true }).check();
    const callback = page.waitForRequest((r) => r.url().includes("/connect/pleo/callback"));
    await page.getByRole("button", { name: "Allow" }).click();
    const callbackUrl = (await callback).url();
    await expect(page.getByTestId("notice")).toHaveText("Pleo is connected.");
    // Replaying the very same callback (code and state) finds the flow consumed.
    await page.goto(callbackUrl);
    await expect(page.getByTestId("flow-error")).toContainText("already used");
    await page.goto("/connect/pleo/callback?state=forged&code=forged");
    await expect(page.getByTestId("flow-error")).toContainText("does not belong");
    await page.goto("/dashboard");
    await expect(page.getByTestId("connection-row")).toHaveCount(1);
  });
});
