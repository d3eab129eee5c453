import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test.describe("security headers and cookies", () => {
  test("pages carry a nonce CSP, no framing, HSTS in production, and the other headers", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const csp = first.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    // A fresh nonce on every response.
    expect(second.headers()["content-security-policy"]).not.toBe(csp);
    expect(first.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect(first.headers()["x-frame-options"]).toBe("DENY");
    expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(first.headers()["permissions-policy"]).toContain("camera=()");
    expect(first.headers()["x-content-type-options"]).toBe("nosniff");
    expect(first.headers()["x-powered-by"]).toBeUndefined();
  });

  test("Next's own scripts pass the CSP: no violation while signing in and using the dashboard", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, "admin@acme.test");
    // Next's client runtime defines window.next once its (nonce-carrying) scripts have run.
    await expect.poll(() => page.evaluate(() => typeof (window as { next?: unknown }).next)).toBe("object");
    await page.goto("/sign-in?next=%2Fdashboard");
    await expect.poll(() => page.evaluate(() => typeof (window as { next?: unknown }).next)).toBe("object");
    expect(violations).toEqual([]);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
    await signIn(page, "admin@globex.test");
    const session = (await context.cookies()).find((c) => c.name.includes("authjs.session-token"));
    expect(session).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
  });
});
