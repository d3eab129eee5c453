import "server-only";
import type { Env } from "./env";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function isPublicHttps(url: string): boolean {
  const host = hostOf(url);
  return url.startsWith("https://") && host !== undefined && !LOOPBACK.has(host) && !host.endsWith(".localhost");
}

/** Production's first rule, checked before anything else so that it is the one line reported. */
export function productionAppUrlProblem(appUrl: string | undefined): string | undefined {
  if (appUrl === undefined) return "APP_URL is required in production";
  return isPublicHttps(appUrl) ? undefined : "APP_URL must be a public https:// URL in production";
}

/**
 * The rules the schema alone cannot express, because they depend on the mode (lib/env.ts `mode`).
 * Returns the first problem as "<VARIABLE> <what is wrong>", or undefined. Values are never echoed.
 */
export function productionProblem(e: Env, raw: Record<string, string | undefined>): string | undefined {
  if (e.AUTH_URL !== undefined && new URL(e.AUTH_URL).origin !== new URL(e.APP_URL).origin) {
    return "AUTH_URL must be unset or equal APP_URL (Auth.js takes its base URL from APP_URL)";
  }
  if (e.mode === "local") {
    // The local mode seeds demo users with a published password: loopback only.
    return LOOPBACK.has(hostOf(e.APP_URL) ?? "")
      ? undefined
      : "APP_URL must be a loopback address (localhost) when PORTAL_MODE=local";
  }
  if (e.mode !== "production") return undefined;

  const providerUrls: [string, string | undefined][] = [
    ["PLEO_AUTH_URL", e.PLEO_AUTH_URL],
    ["PLEO_API_URL", e.PLEO_API_URL],
    ["PLIANT_TOKEN_URL", e.PLIANT_TOKEN_URL],
    ["PLIANT_API_URL", e.PLIANT_API_URL],
    ...e.PLIANT_APP_URL.map((u): [string, string] => ["PLIANT_APP_URL", u]),
    ["AUTH_OIDC_ISSUER", e.AUTH_OIDC_ISSUER],
  ];
  for (const [name, url] of providerUrls) {
    if (url !== undefined && !isPublicHttps(url))
      return `${name} must be a public https:// URL in production (no http, no loopback)`;
  }
  if (e.pliantConfigured) {
    if (raw.PLIANT_REQUIRE_SIGNED_REDIRECTS !== undefined && !e.PLIANT_REQUIRE_SIGNED_REDIRECTS) {
      return "PLIANT_REQUIRE_SIGNED_REDIRECTS must not be false in production";
    }
    if (!e.PLIANT_PARTNER_ID) return "PLIANT_PARTNER_ID is required in production when Pliant is configured";
  }
  return undefined;
}
