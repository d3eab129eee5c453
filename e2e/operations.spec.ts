import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, PLIANT_SANDBOX, signInAs, withDatabase } from "./helpers";

// Operations against the production build: /api/metrics, request ids on log lines, the staff
// "Background jobs" page. scripts/test.ts gives the server a METRICS_TOKEN.
const TOKEN = process.env.METRICS_TOKEN ?? "";

test.describe("GET /api/metrics", () => {
  test("401 without the token or with a wrong one; Prometheus series with it", async ({ request }) => {
    expect(TOKEN, "scripts/test.ts sets METRICS_TOKEN").not.toBe("");
    const none = await request.get("/api/metrics");
    expect(none.status()).toBe(401);
    expect(await none.text()).not.toContain("portal_");
    expect((await request.get("/api/metrics", { headers: { Authorization: `Bearer ${TOKEN}x` } })).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { Authorization: TOKEN } })).status()).toBe(401);

    const ok = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status()).toBe(200);
    expect(ok.headers()["content-type"]).toContain("text/plain");
    const text = await ok.text();
    for (const [name, type] of [
      ["portal_connections", "gauge"],
      ["portal_token_refreshes_total", "counter"],
      ["portal_provider_request_duration_seconds", "histogram"],
      ["portal_job_runs_total", "counter"],
      ["portal_job_failures_total", "counter"],
      ["portal_queue_depth", "gauge"],
    ])
      expect(text, name).toContain(`# TYPE ${name} ${type}`);
    // Connections are counted from the database at scrape time: exactly what the database holds now.
    const counted = await withDatabase(
      async (c) =>
        (
          await c.query<{ provider: string; status: string; n: string }>(
            "select provider, status, sum(count) as n from connection_counts group by 1, 2",
          )
        ).rows,
    );
    const series = [...text.matchAll(/^portal_connections\{provider="(\w+)",status="(\w+)"\} (\d+)$/gm)]
      .map((m) => `${m[1]} ${m[2]} ${m[3]}`)
      .sort();
    expect(series).toEqual(counted.map((r) => `${r.provider} ${r.status} ${r.n}`).sort());
  });
});

test.describe("request ids", () => {
  test("every response carries one; a plain incoming id is kept; log lines of the request carry it", async ({
    request,
  }) => {
    const fresh = await request.get("/api/health");
    expect(fresh.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await request.get("/api/health", { headers: { "x-request-id": "bad id with spaces" } })).headers()[
        "x-request-id"
      ],
    ).toMatch(/^[0-9a-f-]{36}$/);

    const id = `e2e-${randomUUID()}`;
    // A refused Pliant entry (a trusted way back, but no organization or signature) logs pliant.login.refused.
    const refused = await request.get(
      `/login?redirectUrl=${encodeURIComponent(`${PLIANT_SANDBOX}/back`)}&partnerId=nope`,
      { headers: { "x-request-id": id }, maxRedirects: 0 },
    );
    expect(refused.status()).toBe(303);
    expect(refused.headers()["x-request-id"]).toBe(id);
    const logFile = process.env.PORTAL_SERVER_LOG;
    test.skip(!logFile, "the server log goes to a file only under npm test");
    await expect
      .poll(() =>
        readFileSync(logFile!, "utf8")
          .split("\n")
          .filter((l) => l.includes(id))
          .map((l) => JSON.parse(l) as { event: string; requestId: string }),
      )
      .toContainEqual(expect.objectContaining({ event: "pliant.login.refused", requestId: id }));
  });

  test("a server action's log lines carry the request id too (failed sign-in)", async ({ page }) => {
    const id = `e2e-${randomUUID()}`;
    await page.setExtraHTTPHeaders({ "x-request-id": id });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    const logFile = process.env.PORTAL_SERVER_LOG;
    test.skip(!logFile, "the server log goes to a file only under npm test");
    await expect
      .poll(() =>
        readFileSync(logFile!, "utf8")
          .split("\n")
          .filter((l) => l.includes(id))
          .map((l) => JSON.parse(l) as { event: string; requestId: string }),
      )
      .toContainEqual(expect.objectContaining({ event: "auth", requestId: id }));
  });
});

test.describe("Background jobs page", () => {
  test("staff see each job's last run, outcome, next run and failures; admins cannot open it", async ({ page }) => {
    // The jobs once, as `npm run jobs` runs them (the end-to-end worker runs queued jobs only, no schedule).
    await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/jobs.ts"], {
      env: process.env,
    }).catch(() => {});
    await signInAs(page, "staff@partner.test");
    await page.getByRole("link", { name: "Background jobs" }).click();
    await expect(page).toHaveURL(/\/dashboard\/jobs$/);
    await expect(page.getByRole("heading", { name: "Background jobs" })).toBeVisible();
    for (const name of ["pleo-keep-alive", "remote-revocations", "pliant-reconcile"]) {
      const row = page.getByTestId(`job-${name}`);
      await expect(row).toBeVisible();
      await expect(page.getByTestId(`job-outcome-${name}`)).toHaveText(/Succeeded|Failed/);
      await expect(row).toContainText(/every 15 min/);
      await expect(row).toContainText(/\d+ total/);
      await expect(row).toContainText(/in \d+ min/);
    }
    await page.screenshot({ path: "e2e/.screenshots/background-jobs.png", fullPage: true });

    await page.context().clearCookies();
    await signInAs(page, "admin@acme.test");
    const response = await page.goto("/dashboard/jobs");
    expect(response?.status()).toBe(404);
  });
});
