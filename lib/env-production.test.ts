import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const production = {
  NODE_ENV: "production",
  APP_URL: "https://portal.example.com",
  DATABASE_URL: "postgres://u:p@db.example:5432/portal",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
};
const pliant = {
  PLIANT_CLIENT_ID: "client",
  PLIANT_CLIENT_SECRET: "secret",
  PLIANT_PARTNER_ID: "7f9d2c1e-4b8a-4f3e-9c6d-2a1b3c4d5e6f",
};

function problemWith(overrides: Record<string, string | undefined>): string {
  try {
    parseEnv({ ...production, ...overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return "(started)";
}

describe("production mode (NODE_ENV=production without PORTAL_MODE=local)", () => {
  it("starts with a complete https configuration", () => {
    expect(parseEnv({ ...production, ...pliant }).mode).toBe("production");
  });

  it("refuses an APP_URL that is missing, plain http or loopback, naming APP_URL", () => {
    expect(problemWith({ APP_URL: undefined })).toBe("APP_URL is required in production");
    expect(problemWith({ APP_URL: "http://portal.example.com" })).toMatch(/^APP_URL must be a public https:\/\/ URL/);
    expect(problemWith({ APP_URL: "https://localhost:3000" })).toMatch(/^APP_URL /);
  });

  it("refuses provider URLs over http or on loopback, each by name", () => {
    expect(problemWith({ PLEO_AUTH_URL: "http://127.0.0.1:4010" })).toMatch(/^PLEO_AUTH_URL must be a public https/);
    expect(problemWith({ PLEO_API_URL: "https://localhost:4010" })).toMatch(/^PLEO_API_URL /);
    expect(problemWith({ PLIANT_TOKEN_URL: "http://[::1]:4020/oauth/token" })).toMatch(/^PLIANT_TOKEN_URL /);
    expect(problemWith({ PLIANT_API_URL: "https://127.0.0.1/api" })).toMatch(/^PLIANT_API_URL /);
    expect(problemWith({ PLIANT_APP_URL: "https://app.getpliant.com,http://127.0.0.1:4020" })).toMatch(
      /^PLIANT_APP_URL /,
    );
    expect(problemWith({ AUTH_OIDC_ISSUER: "http://127.0.0.1:4030" })).toMatch(/^AUTH_OIDC_ISSUER /);
  });

  it("requires the secrets and the database (no generated development values)", () => {
    expect(problemWith({ AUTH_SECRET: undefined })).toBe("AUTH_SECRET is required");
    expect(problemWith({ TOKEN_ENCRYPTION_KEYS: undefined })).toBe("TOKEN_ENCRYPTION_KEYS is required");
    expect(problemWith({ DATABASE_URL: undefined })).toMatch(/^DATABASE_URL is required/);
  });

  it("refuses Pliant without signed redirects or without a partner id", () => {
    expect(problemWith({ ...pliant, PLIANT_REQUIRE_SIGNED_REDIRECTS: "false" })).toMatch(
      /^PLIANT_REQUIRE_SIGNED_REDIRECTS must not be false/,
    );
    expect(problemWith({ ...pliant, PLIANT_REQUIRE_SIGNED_REDIRECTS: "0" })).toMatch(
      /^PLIANT_REQUIRE_SIGNED_REDIRECTS /,
    );
    expect(problemWith({ ...pliant, PLIANT_PARTNER_ID: undefined })).toMatch(/^PLIANT_PARTNER_ID is required/);
    expect(parseEnv({ ...production, ...pliant }).PLIANT_REQUIRE_SIGNED_REDIRECTS).toBe(true);
  });

  it("takes Auth.js's base URL from APP_URL only", () => {
    expect(problemWith({ AUTH_URL: "https://attacker.example" })).toMatch(/^AUTH_URL must be unset or equal APP_URL/);
    expect(parseEnv({ ...production, AUTH_URL: "https://portal.example.com/api/auth" }).mode).toBe("production");
  });
});

describe("local mode (PORTAL_MODE=local: npm start, npm run dev, npm test)", () => {
  const local = { ...production, PORTAL_MODE: "local", APP_URL: "http://localhost:3000" };

  it("allows http on loopback and the sandbox providers", () => {
    const e = parseEnv({
      ...local,
      PLEO_AUTH_URL: "http://127.0.0.1:4010",
      PLIANT_REQUIRE_SIGNED_REDIRECTS: "false",
      PLIANT_CLIENT_ID: "c",
      PLIANT_CLIENT_SECRET: "s",
    });
    expect(e.mode).toBe("local");
    expect(e.usesSandboxProviders).toBe(true);
  });

  it("serves loopback only, so its demo users never face the internet", () => {
    expect(() => parseEnv({ ...local, APP_URL: "https://portal.example.com" })).toThrow(
      /^APP_URL must be a loopback address/,
    );
  });

  it("accepts no other value", () => {
    expect(() => parseEnv({ ...production, PORTAL_MODE: "dev" })).toThrow(/^PORTAL_MODE must be "local" or unset/);
  });
});
