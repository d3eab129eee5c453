import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

// Partner staff create an API key for the backend, see it once, use it, and revoke it.
test("staff create a key (shown once, copyable), the backend uses it, staff revoke it", async ({
  page,
  context,
  request,
}) => {
  await signInAs(page, "staff@partner.test");
  // Reached from the header's staff navigation, which links every staff tool.
  const nav = page.getByRole("navigation", { name: "Settings" });
  for (const [name, href] of [
    ["Workspaces", "/settings/workspaces"],
    ["API keys", "/settings/api-keys"],
    ["Webhooks", "/settings/webhooks"],
    ["Background jobs", "/dashboard/jobs"],
  ] as const) {
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
  }
  await nav.getByRole("link", { name: "API keys", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  await page.getByLabel("Name").fill("Billing backend");
  await page.getByLabel("Workspace").selectOption("Acme GmbH");
  await page.getByRole("checkbox", { name: /^proxy/ }).uncheck();
  await page.getByRole("button", { name: "Create" }).click();

  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^pcp_live_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent())!;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  const row = page.getByTestId("api-key-row").filter({ hasText: "Billing backend" });
  await expect(row).toContainText(`${key.slice(0, "pcp_live_".length + 8)}…`);
  await expect(row).toContainText("connections:read, tokens:issue");
  await expect(row).toContainText("Acme GmbH");
  await expect(row).toContainText("staff@partner.test");

  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  const auth = { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "198.51.100.77" } };
  const listed = await request.get("/api/v1/connections", auth);
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toMatchObject({ data: expect.any(Array), nextCursor: null });
  expect(
    (await request.get("/api/v1/connections/00000000-0000-4000-8000-000000000000/proxy/v1/introspect", auth)).status(),
  ).toBe(403);

  await page
    .getByTestId("api-key-row")
    .filter({ hasText: "Billing backend" })
    .getByRole("button", { name: "Revoke Billing backend" })
    .click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Billing backend" })).toContainText("Revoked");
  const refused = await request.get("/api/v1/connections", auth);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("customer admins cannot reach the API key settings or the API reference", async ({ page }) => {
  await signInAs(page, "admin@acme.test");
  // Their header links their own settings only.
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText(["Admins"]);
  for (const path of ["/settings/api-keys", "/docs/api"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
  }
});

test("staff read the API reference rendered from the OpenAPI document", async ({ page, request }) => {
  await signInAs(page, "staff@partner.test");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Partner Connect Portal API" })).toBeVisible();
  await expect(page.getByRole("region", { name: "POST /api/v1/connections/{id}/access-token" })).toContainText(
    "scope tokens:issue",
  );
  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/v1/connections/{id}/proxy/{path}");
});
