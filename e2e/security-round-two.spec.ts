import { createHash, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PLEO_SANDBOX, signIn, withDatabase } from "./helpers";

const randomIp = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join(".");

/** One credentials sign-in through Auth.js's own endpoint, as a script would try it. */
async function tryPassword(request: APIRequestContext, email: string, headers: Record<string, string>) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password: "a-guess-that-is-wrong", csrfToken: csrf.csrfToken, callbackUrl: "/dashboard" },
    headers,
    maxRedirects: 0,
  });
  return response.headers()["location"] ?? "";
}

const flowCount = () =>
  withDatabase(async (c) => Number((await c.query<{ n: string }>("select count(*) as n from oauth_flows")).rows[0]!.n));

test.describe("security, round two", () => {
  test("a random X-Forwarded-For (and a forged socket-address header) per try does not get past the sign-in limit", async ({
    request,
  }) => {
    const email = `${randomUUID()}@guessing.test`;
    const answers: string[] = [];
    for (let i = 0; i < 11; i++)
      answers.push(
        await tryPassword(request, email, {
          "X-Forwarded-For": randomIp(),
          "X-Real-IP": randomIp(),
          "X-Portal-Socket-Address": randomIp(),
        }),
      );
    expect(answers.slice(0, 10).every((l) => /error=CredentialsSignin/.test(l) && !/too_many_attempts/.test(l))).toBe(
      true,
    );
    expect(answers[10]).toMatch(/code=too_many_attempts/);
    // Counted under the TCP peer's address (the server's own stamp), not under "unknown" or a header's.
    const hashed = (address: string) =>
      createHash("sha256").update(`sign-in:pair:${email}\u0000${address}`).digest("hex");
    const peers = ["127.0.0.1", "::1", "::ffff:127.0.0.1", "unknown"];
    const counted = await withDatabase(async (c) =>
      (
        await c.query<{ key: string }>("select key from rate_limits where key = any($1::text[])", [peers.map(hashed)])
      ).rows.map((r) => peers[peers.map(hashed).indexOf(r.key)]),
    );
    expect(counted).toHaveLength(1);
    expect(counted[0]).not.toBe("unknown");
  });

  test("after sign-out, the old session cookie opens nothing", async ({ page, browser }) => {
    await signIn(page, "admin@acme.test");
    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const stolen = await replay.newPage();
    await stolen.goto("/dashboard");
    await expect(stolen).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
    await replay.close();
  });

  test("a cross-site link to /connect/pleo asks first; one click on the portal's own page goes on to Pleo", async ({
    page,
  }) => {
    await signIn(page, "admin@globex.test");
    const before = await flowCount();
    const crossSite = await page
      .context()
      .request.get("/connect/pleo", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
    expect(crossSite.status()).toBe(307);
    expect(crossSite.headers()["location"]).toBe("/connect/pleo/confirm");
    expect(await flowCount()).toBe(before);

    await page.goto("/connect/pleo/confirm");
    await expect(page.getByRole("heading", { name: "Connect Pleo?" })).toBeVisible();
    await expect(page.getByTestId("pleo-confirm-text")).toContainText("Globex AB");
    expect(await flowCount()).toBe(before);
    await page.getByRole("button", { name: "Continue to Pleo" }).click();
    await expect(page).toHaveURL(new RegExp(`^${PLEO_SANDBOX.replace(/\./g, "\\.")}/`));
    expect(await flowCount()).toBe(before + 1);
  });

  test("a same-origin visit to /connect/pleo starts at once (no extra step for the portal's own button)", async ({
    page,
  }) => {
    await signIn(page, "admin@globex.test");
    const sameOrigin = await page
      .context()
      .request.get("/connect/pleo", { headers: { "Sec-Fetch-Site": "same-origin" }, maxRedirects: 0 });
    expect(sameOrigin.status()).toBe(307);
    expect(new URL(sameOrigin.headers()["location"]!).origin).toBe(PLEO_SANDBOX);
  });
});
