import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The standalone server (the one the Docker image runs) serves this whole suite; these check what
// a deployment relies on: public/, Auth.js's base URL, and production's refusal of demo data.

test("public/ serves the product's mark as favicon and tells robots to stay out", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/\n?$/);
  const icon = await request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "/favicon.svg");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
});

test("Auth.js builds its URLs from APP_URL, never from the request's Host or X-Forwarded-* headers", async ({
  request,
  baseURL,
}) => {
  const response = await request.get("/api/auth/providers", {
    headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Host: "evil.example" },
  });
  expect(response.status()).toBe(200);
  const body = JSON.stringify(await response.json());
  expect(body).not.toContain("evil.example");
  expect(body).toContain(`${baseURL}/api/auth/callback/credentials`);
});

/** A port nobody listens on right now (the refusal must come from the demo check, not the socket). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

test("in production, the standalone server refuses a database holding demo users with the published password", async () => {
  test.setTimeout(90_000);
  const server = path.join(process.env.NEXT_DIST_DIR || ".next", "standalone", "server.js");
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    APP_URL: "https://portal.example.com",
    // The end-to-end database: seeded with the demo users, as npm start's would be.
    DATABASE_URL: process.env.DATABASE_URL,
    AUTH_SECRET: process.env.AUTH_SECRET,
    TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS,
    PORT: String(await freePort()),
    HOSTNAME: "127.0.0.1",
  };
  const child = spawn(process.execPath, [server], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  expect(code).toBe(1);
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^Configuration error: DATABASE_URL holds demo users with the published password \(admin@acme\.test, admin@globex\.test, staff@partner\.test\)/,
  );
});
