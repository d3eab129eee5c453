import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { rowOf, signInAs } from "./helpers";

// The dashboard's story: admins see their own workspace, staff see every one (read-only), and a
// foreign connection id gets nothing. Its rows are inserted straight into the end-to-end database
// and deleted afterwards, so other spec files (which expect Globex to start empty) are unaffected.
test.describe.configure({ mode: "serial" });

const tag = `E2E${Date.now().toString(36)}`;
const names = { acme: `${tag} Acme Pleo`, acmePliant: `${tag} Acme Pliant`, globex: `${tag} Globex Pleo` };
const ids: Record<keyof typeof names, string> = { acme: "", acmePliant: "", globex: "" };
const BULK = 52;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
mkdirSync("e2e/.screenshots", { recursive: true });

async function insertConnection(
  workspace: string,
  name: string,
  provider: "pleo" | "pliant",
  status: string,
  createdAt = "now()",
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into connections (workspace_id, provider, external_id, external_urn, external_name, status, status_reason, scopes, connected_at, created_at)
     select id, $2::provider, gen_random_uuid()::text, null, $3, $4::connection_status, case when $4::text = 'needs_reauth' then 'Pliant no longer lists the organization.' end,
            case when $2::text = 'pleo' then array['export-items:read'] else '{}'::text[] end, now() - interval '2 days', ${createdAt}
     from workspaces where name = $1 returning id`,
    [workspace, provider, name, status],
  );
  return rows[0]!.id;
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.beforeAll(async () => {
  await db.connect();
  ids.acme = await insertConnection("Acme GmbH", names.acme, "pleo", "active");
  ids.acmePliant = await insertConnection("Acme GmbH", names.acmePliant, "pliant", "needs_reauth");
  ids.globex = await insertConnection("Globex AB", names.globex, "pleo", "active");
  for (let i = 0; i < BULK; i++)
    await insertConnection(
      "Globex AB",
      `${tag} Bulk ${String(i).padStart(2, "0")}`,
      "pliant",
      i % 4 ? "active" : "revoked",
      `now() - interval '${i + 1} hours'`,
    );
  await db.query(
    `insert into audit_events (at, actor_label, workspace_id, connection_id, action, detail)
     select c.created_at + e.after, e.actor, c.workspace_id, c.id, e.action, '{}'::jsonb
     from connections c, (values (interval '0', 'admin@acme.test', 'connection.connected'), (interval '1 minute', 'sweep', 'connection.needs_reauth'),
                                 (interval '2 minutes', 'admin@acme.test', 'connection.reconnected')) e(after, actor, action)
     where c.id = $1`,
    [ids.acme],
  );
  // A week of refresh outcomes for the chart, on past days only (other specs count today's).
  await db.query(
    `insert into token_refresh_stats (day, provider, outcome, count)
     select (now() at time zone 'utc')::date - d, 'pleo', o, case o when 'ok' then 40 + d * 7 when 'unavailable' then d else d % 2 end
     from generate_series(1, 6) d, unnest(array['ok', 'unavailable', 'invalid_grant']) o
     on conflict do nothing`,
  );
});

test.afterAll(async () => {
  await db.query("delete from connections where external_name like $1", [`${tag} %`]);
  await db.end();
});

test("a customer admin sees only their workspace, with actions per row, also on a phone", async ({ page }) => {
  await signInAs(page, "admin@acme.test");
  await expect(rowOf(page, names.acme).getByTestId("status-badge")).toHaveText("Active");
  await expect(rowOf(page, names.acmePliant).getByTestId("status-badge")).toHaveText("Needs re-authorization");
  await expect(rowOf(page, names.acmePliant).getByRole("link", { name: "Reconnect" })).toBeVisible();
  await expect(rowOf(page, names.acme).getByRole("button", { name: "Revoke" })).toBeVisible();
  await expect(rowOf(page, names.globex)).toHaveCount(0);
  await expect(page.getByTestId("connection-row").filter({ hasText: `${tag} Bulk` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Connect Pleo" })).toBeVisible();
  await expect(page.getByText("Connect Pliant")).toBeVisible();
  await page.screenshot({ path: "e2e/.screenshots/admin-view.png", fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // At phone width the rows become cards: nothing scrolls sideways and the buttons stay reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(rowOf(page, names.acme).getByRole("button", { name: "Revoke" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: "e2e/.screenshots/admin-view-phone.png", fullPage: true });
});

test("partner staff see every workspace read-only, with counts, a refresh chart, filters and pages", async ({
  page,
}) => {
  await signInAs(page, "staff@partner.test");
  await expect(page.getByRole("heading", { name: "All connections" })).toBeVisible();
  await expect(page.getByTestId("status-summary")).toContainText("connections");
  await expect(page.getByTestId("refresh-chart").getByRole("img")).toBeVisible();

  // Newest first: this run's three named rows lead the list, ahead of its older bulk rows.
  await page.getByLabel("Search by name or id").fill(tag);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(rowOf(page, names.acme)).toContainText("Acme GmbH");
  await expect(rowOf(page, names.globex)).toContainText("Globex AB");
  await expect(rowOf(page, names.acmePliant)).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Reconnect" })).toHaveCount(0);
  await page.screenshot({ path: "e2e/.screenshots/staff-view.png", fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Workspace").selectOption({ label: "Globex AB" });
  await page.getByLabel("Search by name or id").fill(`${tag} globex PLEO`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("connection-row")).toHaveCount(1);
  await expect(rowOf(page, names.globex)).toBeVisible();

  // Keyset pages keep the filters: 52 bulk rows are 50 + 2, and back again.
  await page.goto(`/dashboard?status=bogus&q=${encodeURIComponent(`${tag} Bulk`)}`);
  await expect(page.getByTestId("filter-note")).toContainText("status");
  await expect(page.getByTestId("connection-row")).toHaveCount(50);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/[?&]q=[^&]*Bulk.*&after=/);
  await expect(page.getByTestId("connection-row")).toHaveCount(2);
  await expect(rowOf(page, `${tag} Bulk 51`)).toBeVisible();
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("connection-row")).toHaveCount(50);
  await expect(rowOf(page, `${tag} Bulk 00`)).toBeVisible();
  await expect(page.getByRole("link", { name: "← Previous" })).toHaveCount(0);
});

test("a connection page shows provider details, status history and the audit trail", async ({ page }) => {
  await signInAs(page, "admin@acme.test");
  await rowOf(page, names.acme).getByRole("link", { name: names.acme }).click();
  await expect(page.getByRole("heading", { name: names.acme })).toBeVisible();
  await expect(page.getByTestId("status-badge")).toHaveText("Active");
  await expect(page.getByTestId("status-history").getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("status-history").getByRole("listitem").first()).toContainText("Active");
  await expect(page.getByTestId("status-history")).toContainText("Needs re-authorization");
  await expect(page.getByTestId("audit-trail")).toContainText("connection.reconnected");
  await expect(page.getByRole("button", { name: "Test connection" })).toBeVisible();
  await page.screenshot({ path: "e2e/.screenshots/connection-page.png", fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});

test("IDOR: an Acme admin gets a 404 for a Globex connection's page", async ({ page }) => {
  await signInAs(page, "admin@acme.test");
  expect((await page.goto(`/dashboard/connections/${ids.globex}`))?.status()).toBe(404);
  await expect(page.getByText(names.globex)).toHaveCount(0);
  expect((await page.goto("/dashboard/connections/not-a-uuid"))?.status()).toBe(404);
});

test("IDOR: the revoke action given a Globex connection id refuses and changes nothing", async ({ page }) => {
  const before = await db.query("select status, updated_at, remote_revocation_pending from connections where id = $1", [
    ids.globex,
  ]);
  await signInAs(page, "admin@acme.test");
  const row = rowOf(page, names.acme);
  // Forge the form: the server action receives a foreign id exactly as a crafted POST would send it.
  await row
    .locator('input[name="connectionId"]')
    .evaluate((input: HTMLInputElement, foreign) => (input.value = foreign), ids.globex);
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("notice")).toHaveText("That connection does not exist or is not yours.");

  const after = await db.query<{ status: string }>(
    "select status, updated_at, remote_revocation_pending from connections where id = $1",
    [ids.globex],
  );
  expect(after.rows).toEqual(before.rows);
  expect(after.rows[0]!.status).toBe("active");
  const events = await db.query<{ n: number }>("select count(*)::int as n from audit_events where connection_id = $1", [
    ids.globex,
  ]);
  expect(events.rows[0]!.n).toBe(0);
  await expect(rowOf(page, names.acme).getByTestId("status-badge")).toHaveText("Active");
});
