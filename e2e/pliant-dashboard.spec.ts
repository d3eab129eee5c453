import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { PLIANT_SANDBOX, rowOf, sandboxControl, signInAs, withDatabase } from "./helpers";

// A Pliant connection's life as the dashboard drives it: Revoke, refused elsewhere, Reconnect,
// Revoke while Deactivate fails, and a Reconnect whose activation fails. One story, in order: the
// sandbox's authorization and the connection row carry over from step to step. Initech Ltd is
// used by no other spec; its row is deleted afterwards.
test.describe.configure({ mode: "serial" });

const INITECH = { id: "b47e1d90-2c6a-4f3b-8e5d-9a1c0f7e6d83", name: "Initech Ltd" };
const integrationsPage = `${PLIANT_SANDBOX}/organizations/${INITECH.id}/integrations`;
/** The connection row's id, as the first step created it: later steps must keep using it. */
let connectionId = "";

type Authorization = { organizationId: string; status: string };
type Counter = { total: number; byStatus: Record<string, number> };

async function sandboxStatus(): Promise<string | undefined> {
  const { authorizations } = (await sandboxControl(PLIANT_SANDBOX, "GET", "authorizations")) as {
    authorizations: Authorization[];
  };
  return authorizations.find((a) => a.organizationId === INITECH.id)?.status;
}

/** Deactivate calls that reached the sandbox and were answered with 200 (the work done). */
async function deactivationsDone(): Promise<number> {
  const counters = (await sandboxControl(PLIANT_SANDBOX, "GET", "counters")) as Record<string, Counter | undefined>;
  return counters["pliant.deactivate"]?.byStatus["200"] ?? 0;
}

async function initechRows() {
  const { rows } = await withDatabase((db) =>
    db.query<{
      id: string;
      workspace: string;
      status: string;
      status_reason: string | null;
      remote_revocation_pending: boolean;
    }>(
      `select c.id, w.name as workspace, c.status, c.status_reason, c.remote_revocation_pending
       from connections c join workspaces w on w.id = c.workspace_id where c.provider = 'pliant' and c.external_id = $1`,
      [INITECH.id],
    ),
  );
  return rows;
}

/** Signed in already: Authorize in Pliant goes through the portal's /login straight to the confirm page. */
async function authorizeInPliant(page: Page) {
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page).toHaveURL(/\/connect\/pliant\/[0-9a-f-]{36}$/);
}

async function revokeFromDashboard(page: Page) {
  await page.goto("/dashboard");
  await rowOf(page, INITECH.name).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, revoke" }).click();
}

/** The maintenance sweep, as operations run it (`npm run jobs`), against the end-to-end database. */
async function runSweep() {
  await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/jobs.ts"], {
    env: process.env,
  });
}

test.afterEach(async () => {
  await sandboxControl(PLIANT_SANDBOX, "DELETE", "faults");
});

test.afterAll(async () => {
  await withDatabase((db) =>
    db.query("delete from connections where provider = 'pliant' and external_id = $1", [INITECH.id]),
  );
});

test("Acme connects Initech from Pliant: Active on the dashboard", async ({ page }) => {
  await signInAs(page, "admin@acme.test");
  await page.goto(integrationsPage);
  await authorizeInPliant(page);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(`${integrationsPage}?status=success`);

  await page.goto("/dashboard");
  const row = rowOf(page, INITECH.name);
  await expect(row.getByTestId("status-badge")).toHaveText("Active");
  connectionId = (await row.getAttribute("data-connection-id")) ?? "";
  expect(connectionId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await sandboxStatus()).toBe("active");
});

test("Revoke on the dashboard: pending while Pliant's Deactivate is under way, then Revoked, and Pliant deactivated", async ({
  page,
}) => {
  await signInAs(page, "admin@acme.test");
  const before = await deactivationsDone();
  // A slow Deactivate (then the real one): long enough to look at the dashboard meanwhile.
  await sandboxControl(PLIANT_SANDBOX, "POST", "faults", { endpoint: "pliant.deactivate", latencyMs: 4000, times: 1 });
  await revokeFromDashboard(page);

  // Revoked here first, the provider told after: another tab sees the revocation as pending at Pliant.
  const other = await page.context().newPage();
  await other.goto("/dashboard");
  await expect(rowOf(other, INITECH.name).getByTestId("status-badge")).toHaveText("Revoked");
  await expect(rowOf(other, INITECH.name)).toContainText("Revocation at Pliant pending");
  await other.close();

  await expect(page.getByTestId("notice")).toHaveText("The connection is revoked and its tokens are deleted.");
  const row = rowOf(page, INITECH.name);
  await expect(row.getByTestId("status-badge")).toHaveText("Revoked");
  await expect(row).not.toContainText("Revocation at Pliant");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(row.getByRole("link", { name: "Reconnect" })).toBeVisible();
  expect(await deactivationsDone()).toBe(before + 1);
  expect(await sandboxStatus()).toBe("revoked");
  expect(await initechRows()).toEqual([
    expect.objectContaining({
      id: connectionId,
      workspace: "Acme GmbH",
      status: "revoked",
      remote_revocation_pending: false,
    }),
  ]);
});

test("Globex cannot take Initech while it belongs to Acme: refused, Pliant hears error, Acme's row untouched", async ({
  page,
}) => {
  await signInAs(page, "admin@globex.test");
  await page.goto(integrationsPage);
  await authorizeInPliant(page);
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page).toHaveURL(`${integrationsPage}?status=error`);
  await expect(page.getByText("the authorization was rolled back")).toBeVisible();
  expect(await sandboxStatus()).toBe("not_connected");
  expect(await initechRows()).toEqual([
    expect.objectContaining({ id: connectionId, workspace: "Acme GmbH", status: "revoked" }),
  ]);
  const { rows: refusals } = await withDatabase((db) =>
    db.query<{ workspace: string }>(
      `select w.name as workspace from audit_events a join workspaces w on w.id = a.workspace_id
       where a.action = 'connection.refused' and a.detail->>'organizationId' = $1`,
      [INITECH.id],
    ),
  );
  expect(refusals).toEqual([{ workspace: "Globex AB" }]);

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Connections of Globex AB" })).toBeVisible();
  await expect(rowOf(page, INITECH.name)).toHaveCount(0);
});

test("Reconnect on the dashboard: to Initech's integrations page in Pliant, and the flow re-activates the same row", async ({
  page,
}) => {
  await signInAs(page, "admin@acme.test");
  await rowOf(page, INITECH.name).getByRole("link", { name: "Reconnect" }).click();
  await expect(page).toHaveURL(integrationsPage);
  await authorizeInPliant(page);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(`${integrationsPage}?status=success`);
  expect(await sandboxStatus()).toBe("active");

  await page.goto("/dashboard");
  const row = rowOf(page, INITECH.name);
  await expect(row.getByTestId("status-badge")).toHaveText("Active");
  expect(await row.getAttribute("data-connection-id")).toBe(connectionId);
  expect(await initechRows()).toEqual([
    expect.objectContaining({ id: connectionId, workspace: "Acme GmbH", status: "active" }),
  ]);
});

test("Revoke while Deactivate fails at Pliant: Revoked here, remote revocation pending with the reason, finished by the sweep", async ({
  page,
}) => {
  await signInAs(page, "admin@acme.test");
  await sandboxControl(PLIANT_SANDBOX, "POST", "faults", { endpoint: "pliant.deactivate", status: 503 });
  await revokeFromDashboard(page);

  await expect(page.getByTestId("notice")).toContainText("The provider could not be reached");
  const row = rowOf(page, INITECH.name);
  await expect(row.getByTestId("status-badge")).toHaveText("Revoked");
  await expect(row.getByTestId("remote-revocation-failed")).toContainText("Revocation at Pliant failed");
  await expect(row.getByTestId("remote-revocation-failed")).toContainText("503");
  await expect(row.getByTestId("remote-revocation-failed")).toContainText("retried by the sweep");
  // Pliant never deactivated: it still gives us the organization, which is why it stays pending.
  expect(await sandboxStatus()).toBe("active");
  expect(await initechRows()).toEqual([
    expect.objectContaining({ id: connectionId, status: "revoked", remote_revocation_pending: true }),
  ]);

  await sandboxControl(PLIANT_SANDBOX, "DELETE", "faults");
  await runSweep();
  expect(await sandboxStatus()).toBe("revoked");
  await page.reload();
  await expect(rowOf(page, INITECH.name).getByTestId("status-badge")).toHaveText("Revoked");
  await expect(rowOf(page, INITECH.name)).not.toContainText("Revocation at Pliant");
});

test("Reconnect whose activation Pliant refuses (400): Pliant is sent status=error, the row shows Error with the reason", async ({
  page,
}) => {
  await signInAs(page, "admin@acme.test");
  await rowOf(page, INITECH.name).getByRole("link", { name: "Reconnect" }).click();
  await expect(page).toHaveURL(integrationsPage);
  await authorizeInPliant(page);
  await sandboxControl(PLIANT_SANDBOX, "POST", "faults", { endpoint: "pliant.activate", status: 400 });
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page).toHaveURL(`${integrationsPage}?status=error`);
  await expect(page.getByText("the authorization was rolled back")).toBeVisible();
  expect(await sandboxStatus()).toBe("not_connected");

  await page.goto("/dashboard");
  const row = rowOf(page, INITECH.name);
  await expect(row.getByTestId("status-badge")).toHaveText("Error");
  await expect(row).toContainText("Pliant refused to activate the authorization (HTTP 400)");
  expect(await row.getAttribute("data-connection-id")).toBe(connectionId);
  await expect(row.getByRole("link", { name: "Reconnect" })).toBeVisible();
});

test("the session fixture fails when the portal does not accept the session it mints", async ({ page }) => {
  // signInAs is only worth using if it can fail: a wrong secret, or a session ended since (a
  // stale session_version), must land on the sign-in page and throw.
  await expect(signInAs(page, "admin@acme.test", { secret: "not-the-portal-secret-".repeat(2) })).rejects.toThrow(
    /refused the minted session/,
  );
  await page.context().clearCookies();
  await expect(signInAs(page, "admin@acme.test", { sessionVersion: (v) => v + 1 })).rejects.toThrow(
    /refused the minted session/,
  );
  await page.context().clearCookies();
  await signInAs(page, "admin@acme.test");
  await expect(page.getByRole("heading", { name: "Connections of Acme GmbH" })).toBeVisible();
});
