import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mailsTo, signIn, signInWith, waitForMail, withDatabase } from "./helpers";

// One story in order: the invited admin of the first test is the one who resets and is deactivated later.
test.describe.configure({ mode: "serial" });

const NEW_ADMIN = "new-admin@acme.test";
const FIRST_PASSWORD = "violet-harbour-tractor-92";
const SECOND_PASSWORD = "amber-lantern-quietly-47";

/** One number from the end-to-end database. */
async function countOf(query: string, params: unknown[]): Promise<number> {
  return withDatabase(async (db) => (await db.query<{ n: number }>(query, params)).rows[0]!.n);
}

const contexts: BrowserContext[] = [];

/** A second browser (its own cookies), closed after the test. */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function setPasswordOn(page: Page, password: string, submit: RegExp) {
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password").fill(password);
  await page.getByRole("button", { name: submit }).click();
}

test("staff invite new-admin@acme.test; the mailed link sets a password; the new admin is signed in to Acme's connections", async ({
  page,
  browser,
}) => {
  await signIn(page, "staff@partner.test");
  await page.getByRole("link", { name: "Workspaces" }).click();
  await expect(page).toHaveURL(/\/settings\/workspaces$/);
  const since = new Date();
  await page.getByLabel("Email").fill(NEW_ADMIN);
  await page.getByLabel("As", { exact: true }).selectOption({ label: "Admin of Acme GmbH" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("notice")).toHaveText("Invitation sent.");
  await expect(page.getByTestId("workspace").filter({ hasText: "Acme GmbH" }).getByTestId("invitation")).toContainText(
    NEW_ADMIN,
  );

  const mail = await waitForMail(NEW_ADMIN, since);
  expect(mail.subject).toBe("You are invited to the Partner Connect Portal");
  expect(mail.text).toContain("Acme GmbH");
  const link = mail.links.find((l) => l.includes("/invite/"))!;
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  // Only the hash is stored: the token itself appears nowhere in the database.
  const token = link.split("/invite/")[1]!;
  expect(await countOf("select count(*)::int as n from invitations where token_hash = $1", [token])).toBe(0);

  const invitee = await freshPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByTestId("invited-email")).toHaveText(NEW_ADMIN);
  // A breached/common password is refused, with the reason; the strength meter says so while typing.
  await invitee.getByLabel("New password", { exact: true }).fill("password1234");
  await expect(invitee.getByTestId("password-strength")).toContainText("leaked");
  await setPasswordOn(invitee, "password1234", /Set password and sign in/);
  await expect(invitee.getByTestId("form-error")).toContainText("common or leaked");
  await setPasswordOn(invitee, FIRST_PASSWORD, /Set password and sign in/);
  await expect(invitee).toHaveURL(/\/dashboard$/);
  await expect(invitee.getByTestId("signed-in-email")).toHaveText(NEW_ADMIN);
  await expect(invitee.getByRole("heading", { name: "Connections of Acme GmbH" })).toBeVisible();

  // The same link again: refused, clearly, and nothing changes.
  const again = await freshPage(browser);
  await again.goto(link);
  await expect(again.getByTestId("flow-error")).toHaveText(/already used/);
  // And the staff page now lists the new admin, with no pending invitation.
  await page.reload();
  const acme = page.getByTestId("workspace").filter({ hasText: "Acme GmbH" });
  await expect(acme.getByTestId("person").filter({ hasText: NEW_ADMIN })).toBeVisible();
  await expect(acme.getByTestId("invitation")).toHaveCount(0);
  const audit = await withDatabase(async (db) =>
    (
      await db.query<{ action: string }>(
        "select action from audit_events where action like 'invitation.%' and (detail->>'email' = $1 or actor_label = $1) order by id",
        [NEW_ADMIN],
      )
    ).rows.map((r) => r.action),
  );
  expect(audit).toEqual(["invitation.created", "invitation.accepted"]);
});

test("an expired invitation link is refused clearly; resending sends a new link and kills the old one", async ({
  page,
  browser,
}) => {
  await signIn(page, "admin@acme.test");
  await page.getByRole("link", { name: "Admins" }).click();
  await expect(page.getByRole("heading", { name: "Admins of Acme GmbH" })).toBeVisible();
  await expect(page.getByTestId("admin").filter({ hasText: NEW_ADMIN })).toBeVisible();
  const since = new Date();
  await page.getByLabel("Email").fill("late@acme.test");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("notice")).toHaveText("Invitation sent.");
  const first = (await waitForMail("late@acme.test", since)).links[0]!;
  await withDatabase((db) =>
    db.query("update invitations set expires_at = now() - interval '1 minute' where email = 'late@acme.test'"),
  );

  const invitee = await freshPage(browser);
  await invitee.goto(first);
  await expect(invitee.getByTestId("flow-error")).toHaveText(/expired/);
  await expect(invitee.getByLabel("New password", { exact: true })).toHaveCount(0);

  await page.reload();
  const row = page.getByTestId("invitation").filter({ hasText: "late@acme.test" });
  await expect(row).toContainText("Link expired");
  const resentAt = new Date();
  await row.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByTestId("notice")).toHaveText("Invitation sent again with a new link.");
  const second = (await waitForMail("late@acme.test", resentAt)).links[0]!;
  expect(second).not.toBe(first);
  await invitee.goto(first);
  await expect(invitee.getByTestId("flow-error")).toHaveText(/not valid/);
  await invitee.goto(second);
  await expect(invitee.getByLabel("New password", { exact: true })).toBeVisible();

  // Withdrawn: the link dies.
  await page
    .getByTestId("invitation")
    .filter({ hasText: "late@acme.test" })
    .getByRole("button", { name: "Withdraw" })
    .click();
  await expect(page.getByTestId("notice")).toHaveText("Invitation withdrawn.");
  await invitee.goto(second);
  await expect(invitee.getByTestId("flow-error")).toHaveText(/not valid/);
});

test("forgot password: the same answer for any email, a single-use link for one hour, then signed in with the new password", async ({
  page,
}) => {
  const unknownSince = new Date();
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  // The form is a client component: typing before it is hydrated is lost when React takes over.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("nobody@acme.test");
  await expect(page.getByLabel("Email")).toHaveValue("nobody@acme.test");
  await page.getByRole("button", { name: "Send link" }).click();
  const answer = await page.getByTestId("notice").textContent();
  expect(answer).toContain("If an account exists");

  const since = new Date();
  await page.goto("/forgot-password");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(NEW_ADMIN.toUpperCase());
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByTestId("notice")).toHaveText(answer!);
  const mail = await waitForMail(NEW_ADMIN, since);
  expect(mail.subject).toBe("Reset your Partner Connect Portal password");
  const link = mail.links.find((l) => l.includes("/reset-password/"))!;
  expect(
    await mailsTo("nobody@acme.test").then((m) => m.filter((x) => new Date(x.receivedAt) >= unknownSince)),
  ).toHaveLength(0);

  await page.goto(link);
  await expect(page.getByTestId("reset-email")).toHaveText(NEW_ADMIN);
  await setPasswordOn(page, SECOND_PASSWORD, /Save new password/);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(NEW_ADMIN);

  // Reused: refused. The old password no longer works; the new one does.
  await page.goto(link);
  await expect(page.getByTestId("flow-error")).toHaveText(/already used/);
  // The reset page is a signed-out page (no header menu): sign out from the dashboard.
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(NEW_ADMIN);
  await page.getByLabel("Password", { exact: true }).fill(FIRST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password");
  await signInWith(page, NEW_ADMIN, SECOND_PASSWORD);

  // An expired link (past its hour) is refused too.
  const since2 = new Date();
  await page.goto("/forgot-password");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(NEW_ADMIN);
  await page.getByRole("button", { name: "Send link" }).click();
  const expired = (await waitForMail(NEW_ADMIN, since2)).links[0]!;
  await withDatabase((db) =>
    db.query("update password_resets set expires_at = now() - interval '1 second' where used_at is null"),
  );
  await page.goto(expired);
  await expect(page.getByTestId("flow-error")).toHaveText(/expired/);
});

test("a deactivated user is out on their next request and cannot sign in again; the last admin of a workspace stays", async ({
  page,
  browser,
}) => {
  const admin = await freshPage(browser);
  await signInWith(admin, NEW_ADMIN, SECOND_PASSWORD);

  await signIn(page, "staff@partner.test");
  await page.goto("/settings/workspaces");
  await page.getByRole("button", { name: `Deactivate ${NEW_ADMIN}` }).click();
  await expect(page.getByTestId("notice")).toContainText("User deactivated");

  // One request later the session is worthless.
  await admin.reload();
  await expect(admin).toHaveURL(/\/sign-in/);
  await admin.getByLabel("Email").fill(NEW_ADMIN);
  await admin.getByLabel("Password", { exact: true }).fill(SECOND_PASSWORD);
  await admin.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(admin.getByTestId("form-error")).toHaveText("Invalid email or password");
  // History stays: the user row and its audit events are still there.
  expect(
    await countOf(
      "select count(*)::int as n from audit_events where action = 'user.deactivated' and detail->>'email' = $1",
      [NEW_ADMIN],
    ),
  ).toBe(1);

  // Globex has one admin: staff cannot deactivate them.
  await page.getByRole("button", { name: "Deactivate admin@globex.test" }).click();
  await expect(page.getByTestId("form-error")).toContainText("last active admin");
});
