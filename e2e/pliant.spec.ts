import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { DEMO_PASSWORD, PLIANT_SANDBOX, rowOf, sandboxControl, signInAs, withDatabase } from "./helpers";

mkdirSync("e2e/.screenshots", { recursive: true });

// One story, in order: the sandbox's authorizations carry over from step to step.
test.describe.configure({ mode: "serial" });

const ACME = { id: "6d868483-9043-4ce6-a8ce-a5814de90c0a", name: "Acme GmbH Cards" };
const GLOBEX = { id: "8a3f2c71-4b5e-4d9a-b1c6-7e2f9d0a3b52", name: "Globex AB Cards" };
const integrationsPage = (orgId: string) => `${PLIANT_SANDBOX}/organizations/${orgId}/integrations`;

/** In Pliant: Authorize → the portal's /login → (not signed in) the portal's sign-in → the confirm page. */
async function authorizeInPliantAndSignIn(page: Page, orgId: string, email: string) {
  await page.goto(integrationsPage(orgId));
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fconnect%2Fpliant%2F[0-9a-f-]{36}$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/connect\/pliant\/[0-9a-f-]{36}$/);
}

/** The maintenance sweep, as operations run it (`npm run jobs`), against the end-to-end database. */
async function runSweep() {
  await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/jobs.ts"], {
    env: process.env,
  });
}

test.describe("a customer admin connects Pliant", () => {
  // No sandbox reset: the sandbox starts fresh with each run, and a reset would also void the token
  // the portal holds (which real Pliant never does) for whatever spec runs next.

  test("Authorize in Pliant → sign in → Approve → connected in Pliant, Active on the dashboard", async ({ page }) => {
    await authorizeInPliantAndSignIn(page, ACME.id, "admin@acme.test");
    await expect(page.getByTestId("pliant-workspace")).toHaveText("Acme GmbH");
    await expect(page.getByTestId("pliant-organization")).toContainText(ACME.id);
    const confirmUrl = page.url();
    await page.screenshot({ path: "e2e/.screenshots/pliant-confirm.png", fullPage: true });
    await page.getByRole("button", { name: "Approve" }).click();

    await expect(page).toHaveURL(`${integrationsPage(ACME.id)}?status=success`);
    await expect(page.getByRole("status").filter({ hasText: "Integration connected" })).toBeVisible();
    await expect(page.getByTestId("authorization-status")).toHaveText("Connected");

    await page.goto("/dashboard");
    await expect(rowOf(page, ACME.name).getByTestId("status-badge")).toHaveText("Active");
    await page.screenshot({ path: "e2e/.screenshots/pliant-connected.png", fullPage: true });
    // The confirm page works once: going back to it explains and offers no buttons.
    await page.goto(confirmUrl);
    await expect(page.getByTestId("flow-error")).toContainText("already answered");
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  });

  test("Cancel → Pliant rolls back, nothing is connected", async ({ page }) => {
    await authorizeInPliantAndSignIn(page, GLOBEX.id, "admin@globex.test");
    await page.getByRole("button", { name: "Cancel" }).click();

    await expect(page).toHaveURL(`${integrationsPage(GLOBEX.id)}?status=error`);
    await expect(page.getByText("the authorization was rolled back")).toBeVisible();
    await expect(page.getByTestId("authorization-status")).toHaveText("Not connected");

    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "Connections of Globex AB" })).toBeVisible();
    // Other specs may have connected Pleo companies here; no Pliant organization may appear.
    await expect(page.getByTestId("connection-row").filter({ hasText: "Pliant" })).toHaveCount(0);
  });

  test("a confirm link opened in another browser (even signed in) offers nothing; a forged Approve decides nothing", async ({
    page,
    browser,
  }) => {
    await page.goto(integrationsPage(GLOBEX.id));
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    const confirmPath = decodeURIComponent(new URL(page.url()).searchParams.get("next")!);
    const victimEntry = confirmPath.split("/").pop()!;

    const other = await browser.newContext();
    const stranger = await other.newPage();
    await signInAs(stranger, "admin@globex.test");
    await stranger.goto(confirmPath);
    await expect(stranger.getByTestId("flow-error")).toContainText("another browser");
    await expect(stranger.getByRole("button", { name: "Approve" })).toHaveCount(0);

    // The stranger's own entry, with the form forged to name the first browser's entry.
    await stranger.goto(integrationsPage(GLOBEX.id));
    await stranger.getByRole("button", { name: "Authorize" }).click();
    await expect(stranger).toHaveURL(/\/connect\/pliant\/[0-9a-f-]{36}$/);
    await stranger
      .locator('input[name="entryId"]')
      .first()
      .evaluate((input: HTMLInputElement, id) => (input.value = id), victimEntry);
    await stranger.getByRole("button", { name: "Approve" }).click();
    await expect(stranger.getByTestId("flow-error")).toContainText("another browser");
    const { rows } = await withDatabase((db) =>
      db.query<{ status: string; decided_by_user_id: string | null }>(
        "select status, decided_by_user_id from pliant_entries where id = $1",
        [victimEntry],
      ),
    );
    expect(rows).toEqual([{ status: "awaiting", decided_by_user_id: null }]);
    await other.close();
  });

  test("revoked inside Pliant → the reconcile sweep marks it Revoked", async ({ page }) => {
    await page.goto(integrationsPage(ACME.id));
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByTestId("authorization-status")).toHaveText("Revoked");

    await runSweep();
    await signInAs(page, "admin@acme.test");
    await expect(rowOf(page, ACME.name).getByTestId("status-badge")).toHaveText("Revoked");
  });
  test("Revoke while Deactivate answers 404 → shown as failed, staff told with the assumed contract and the token quota", async ({
    page,
  }) => {
    await authorizeInPliantAndSignIn(page, GLOBEX.id, "admin@globex.test");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(`${integrationsPage(GLOBEX.id)}?status=success`);

    // The Deactivate path is assumed: if Pliant answered 404, access may still be live.
    await sandboxControl(PLIANT_SANDBOX, "POST", "faults", { endpoint: "pliant.deactivate", status: 404 });
    try {
      await page.goto("/dashboard");
      const row = rowOf(page, GLOBEX.name);
      await row.getByRole("button", { name: "Revoke" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
      await expect(page.getByTestId("notice")).toContainText("refused to revoke it there");
      await expect(rowOf(page, GLOBEX.name).getByTestId("status-badge")).toHaveText("Revoked");
      await expect(rowOf(page, GLOBEX.name).getByTestId("remote-revocation-failed")).toContainText("404");

      await page.context().clearCookies();
      await signInAs(page, "staff@partner.test");
      const panel = page.getByTestId("provider-status");
      await expect(panel.getByTestId("failed-remote-revocations")).toContainText(GLOBEX.name);
      await expect(panel.getByTestId("failed-remote-revocations")).toContainText("404");
      // The quota as Pliant last announced it to the portal (stored with the token), not the sandbox's defaults.
      const { rows } = await withDatabase((db) =>
        db.query<{ quota: { buckets: Record<string, { limit: number; remaining: number }> } }>(
          "select quota from provider_tokens where provider = 'pliant'",
        ),
      );
      const { per_hour: hour, per_day: day } = rows[0]!.quota.buckets;
      await expect(panel.getByTestId("quota-per_hour")).toContainText(
        `${hour!.limit - hour!.remaining} of ${hour!.limit} used, ${hour!.remaining} left`,
      );
      await expect(panel.getByTestId("quota-per_day")).toContainText(
        `${day!.limit - day!.remaining} of ${day!.limit} used`,
      );
      await panel.getByText(/Provider contracts: \d+ assumed/).click();
      await expect(
        panel.getByTestId("assumed-fact").filter({ hasText: "Deactivate Organization Authorization" }),
      ).toBeVisible();
      await page.screenshot({ path: "e2e/.screenshots/staff-provider-status.png", fullPage: true });
    } finally {
      await sandboxControl(PLIANT_SANDBOX, "DELETE", "faults");
    }
  });
});
