import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const good = {
  NODE_ENV: "production",
  APP_URL: "https://portal.example.com",
  DATABASE_URL: "postgres://u:p@db.example:5432/portal",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")},k0:${randomBytes(32).toString("base64")}`,
};

// npm start's local mode: loopback origins allowed (production refuses them, env-production.test.ts).
const local = { PORTAL_MODE: "local", APP_URL: "http://localhost:3000" };

function errorOf(overrides: Record<string, string | undefined>): string {
  try {
    parseEnv({ ...good, ...overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("parses a production configuration with defaults", () => {
    const e = parseEnv(good);
    expect(e.TOKEN_ENCRYPTION_KEYS.map((k) => k.id)).toEqual(["k1", "k0"]);
    expect(e.PLIANT_REQUIRE_SIGNED_REDIRECTS).toBe(true);
    expect(e.PLEO_AUTH_URL).toBe("https://auth.pleo.io");
    expect(e.usesSandboxProviders).toBe(false);
    expect(e.databaseUrl).toBe(good.DATABASE_URL);
  });

  it("tells whether the database is the embedded one, also when npm start passes its URL", () => {
    expect(parseEnv(good).databaseIsEmbedded).toBe(false);
    const embedded = `postgres://postgres:secret@127.0.0.1:54329/portal`;
    expect(parseEnv({ ...good, ...local, DATABASE_URL: embedded }).databaseIsEmbedded).toBe(true);
    expect(parseEnv({ ...good, ...local, DATABASE_URL: embedded }).usesEmbeddedDatabase).toBe(false);
    expect(
      parseEnv({ ...good, ...local, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x" }).databaseIsEmbedded,
    ).toBe(false);
  });

  it("names the variable that is wrong, without echoing its value", () => {
    expect(errorOf({ TOKEN_ENCRYPTION_KEYS: "short" })).toMatch(/^TOKEN_ENCRYPTION_KEYS /);
    expect(errorOf({ TOKEN_ENCRYPTION_KEYS: "short" })).not.toContain("short");
    expect(errorOf({ TOKEN_ENCRYPTION_KEYS: `a:${randomBytes(16).toString("base64")}` })).toMatch(/32 bytes/);
    expect(errorOf({ AUTH_SECRET: undefined })).toBe("AUTH_SECRET is required");
    expect(errorOf({ PLEO_AUTH_URL: "http://auth.pleo.io" })).toMatch(/^PLEO_AUTH_URL must use https/);
    expect(errorOf({ PLIANT_PARTNER_ID: "nope" })).toMatch(/^PLIANT_PARTNER_ID must be a UUID/);
    expect(errorOf({ PLIANT_REQUIRE_SIGNED_REDIRECTS: "maybe" })).toMatch(/^PLIANT_REQUIRE_SIGNED_REDIRECTS/);
  });

  it("allows plain http only on loopback (the sandbox) and says so", () => {
    const e = parseEnv({
      ...good,
      ...local,
      PLEO_AUTH_URL: "http://127.0.0.1:4010",
      PLIANT_APP_URL: "http://127.0.0.1:4020/, https://app.getpliant.com",
    });
    expect(e.usesSandboxProviders).toBe(true);
    expect(e.PLIANT_APP_URL).toEqual(["http://127.0.0.1:4020", "https://app.getpliant.com"]);
  });

  it("takes an OIDC issuer over https, or over http only on loopback, exactly as given", () => {
    const oidc = { AUTH_OIDC_CLIENT_ID: "portal", AUTH_OIDC_CLIENT_SECRET: "s3cret" };
    expect(parseEnv({ ...good, ...oidc, AUTH_OIDC_ISSUER: "https://login.example.com/tenant/" }).AUTH_OIDC_ISSUER).toBe(
      "https://login.example.com/tenant/",
    );
    const onLoopback = parseEnv({ ...good, ...local, ...oidc, AUTH_OIDC_ISSUER: "http://127.0.0.1:4030" });
    expect(onLoopback.oidcConfigured).toBe(true);
    expect(onLoopback.usesSandboxProviders).toBe(false);
    expect(errorOf({ ...oidc, AUTH_OIDC_ISSUER: "http://idp.example.com" })).toMatch(
      /^AUTH_OIDC_ISSUER must use https/,
    );
    expect(errorOf({ ...oidc, AUTH_OIDC_ISSUER: "http://127.0.0.1.example.com" })).toMatch(
      /^AUTH_OIDC_ISSUER must use https/,
    );
    expect(parseEnv({ ...good, AUTH_OIDC_ISSUER: "https://login.example.com" }).oidcConfigured).toBe(false);
  });
});
