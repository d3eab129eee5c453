import { expect, test } from "@playwright/test";
import { PLIANT_SANDBOX, rowOf, sandboxControl, signIn, withDatabase } from "./helpers";

// Never linked in any spec: only its AUTHORIZATION_PENDING callback reaches the portal.
const INITECH = { id: "b47e1d90-2c6a-4f3b-8e5d-9a1c0f7e6d83", name: "Initech Ltd" };
type Sent = { webhookId: string; type: string; organizationId: string; status: number | null };

async function pendingCallbackOf(organizationId: string): Promise<Sent> {
  let found: Sent | undefined;
  await expect
    .poll(async () => {
      const { sent } = (await sandboxControl(PLIANT_SANDBOX, "GET", "callbacks")) as { sent: Sent[] };
      found = sent.findLast((s) => s.type === "AUTHORIZATION_PENDING" && s.organizationId === organizationId);
      return found?.status;
    })
    .toBe(200);
  return found!;
}

const storedCallbacks = (webhookId?: string) =>
  withDatabase(async (client) => {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pliant_callbacks where $1::text is null or webhook_id = $1",
      [webhookId ?? null],
    );
    return rows[0]!.n;
  });

test.describe("Pliant callbacks → staff view", () => {
  // One story, in order: the subscription made in the first step carries the callbacks of the next.
  test.describe.configure({ mode: "serial" });
  let callback: Sent;

  test("staff subscribe; Authorize in Pliant sends a signed AUTHORIZATION_PENDING; staff see the organization, not linked", async ({
    page,
    browser,
  }) => {
    // Two browsers and five page loads: took 50 s of the default 60 on a loaded 2-core machine.
    test.setTimeout(120_000);
    await signIn(page, "staff@partner.test");
    await page.goto("/settings/webhooks");
    await page.getByRole("button", { name: "Subscribe to Pliant callbacks" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: /^Subscribed http.*\/api\/pliant\/callbacks$/ }),
    ).toBeVisible();

    // A customer in Pliant's web app (their own browser) presses Authorize and goes no further.
    const customer = await browser.newContext();
    const pliant = await customer.newPage();
    await pliant.goto(`${PLIANT_SANDBOX}/organizations/${INITECH.id}/integrations`);
    await pliant.getByRole("button", { name: "Authorize" }).click();
    await expect(pliant).toHaveURL(/\/sign-in\?next=%2Fconnect%2Fpliant%2F/);
    await customer.close();

    callback = await pendingCallbackOf(INITECH.id);
    expect(await storedCallbacks(callback.webhookId)).toBe(1);

    await page.reload();
    const pending = page.getByTestId("pliant-pending").getByRole("listitem").filter({ hasText: INITECH.id });
    await expect(pending).toHaveCount(1);
    // Shown for follow-up only: no connection, no dashboard row.
    await page.goto(`/dashboard?q=${encodeURIComponent(INITECH.name)}`);
    await expect(rowOf(page, INITECH.name)).toHaveCount(0);
    const linked = await withDatabase(
      async (client) =>
        (await client.query("select 1 from connections where provider = 'pliant' and external_id = $1", [INITECH.id]))
          .rowCount,
    );
    expect(linked).toBe(0);
  });

  test("the same callback again (Pliant delivers at least once) is answered 200 and processed once", async ({
    page,
  }) => {
    const before = await storedCallbacks();
    const replay = (await sandboxControl(PLIANT_SANDBOX, "POST", "callbacks/replay", {
      webhookId: callback.webhookId,
    })) as { status: number; body: string };
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.body)).toEqual({ received: true, duplicate: true });
    expect(await storedCallbacks()).toBe(before);
    expect(await storedCallbacks(callback.webhookId)).toBe(1);

    await signIn(page, "staff@partner.test");
    await page.goto("/settings/webhooks");
    await expect(page.getByTestId("pliant-pending").getByRole("listitem").filter({ hasText: INITECH.id })).toHaveCount(
      1,
    );
  });

  test("a tampered callback (body changed, signature kept) is refused with 401 and stores nothing", async ({
    request,
  }) => {
    const before = await storedCallbacks();
    const replay = (await sandboxControl(PLIANT_SANDBOX, "POST", "callbacks/replay", {
      webhookId: callback.webhookId,
      tamper: true,
    })) as { status: number; body: string };
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toEqual({ error: "invalid_signature" });
    // Unsigned and garbage-signed posts are refused too.
    const unsigned = await request.post("/api/pliant/callbacks", {
      data: { type: "AUTHORIZATION_PENDING", organizationId: INITECH.id },
    });
    expect(unsigned.status()).toBe(400);
    const forged = await request.post("/api/pliant/callbacks", {
      headers: {
        "webhook-id": "msg_forged",
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": `v1a,${Buffer.alloc(64).toString("base64")}`,
      },
      data: { type: "AUTHORIZATION_PENDING", organizationId: INITECH.id },
    });
    expect(forged.status()).toBe(401);
    expect(await storedCallbacks()).toBe(before);
  });
});

test.describe("an outgoing webhook endpoint disabled after failing for 3 days", () => {
  const url = "https://receiver.example.test/hooks-disabled";

  test("staff are told on the dashboard and on /settings/webhooks; Enable clears the notice", async ({ page }) => {
    // Seven page loads and two server actions: 42–66 s on a loaded 2-core machine.
    test.setTimeout(120_000);
    // The row as the delivery job leaves it after three days of failures (lib/webhooks/delivery-job.ts;
    // integration-tested in lib/webhooks/webhooks.db.test.ts), written directly: three days can't pass here.
    const failingSince = new Date(Date.now() - 3 * 24 * 3600_000 - 60_000);
    await withDatabase((client) =>
      client.query(
        "insert into webhook_endpoints (id, url, secret, failing_since, disabled_at, disabled_reason) values (gen_random_uuid(), $1, 'unused', $2, now(), $3)",
        [url, failingSince, `Failing since ${failingSince.toISOString()}: disabled after 3 days`],
      ),
    );
    await signIn(page, "staff@partner.test");
    const alert = page.getByTestId("webhook-alert").filter({ hasText: url });
    await expect(alert).toContainText("was disabled after failing for 3 days");
    await alert.getByRole("link", { name: "Open Webhooks" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);
    await expect(page.getByRole("alert").filter({ hasText: url })).toContainText("disabled after 3 days");

    const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await endpoint.getByRole("button", { name: "Enable" }).click();
    await expect(endpoint.getByRole("button", { name: "Disable" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: url })).toHaveCount(0);
    await page.goto("/dashboard");
    await expect(page.getByTestId("webhook-alert").filter({ hasText: url })).toHaveCount(0);
    // Off again (by staff, no notice), so no worker of a later spec tries this address.
    await page.goto("/settings/webhooks");
    await endpoint.getByRole("button", { name: "Disable" }).click();
    await expect(endpoint.getByRole("button", { name: "Enable" })).toBeVisible();
    await page.goto("/dashboard");
    await expect(page.getByTestId("webhook-alert").filter({ hasText: url })).toHaveCount(0);
  });
});
