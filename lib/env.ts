import "server-only";
import { z } from "zod";
import path from "node:path";
import { DATA_DIR, loadDevSecrets } from "./dev-secrets";
import { productionAppUrlProblem, productionProblem } from "./env-production";

/**
 * The only module that reads process.env. Parsed once, on first use; start-up calls it first so a
 * bad value stops the server with one line naming the variable.
 */

export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Provider URLs must be https; plain http is allowed only on loopback (the local sandbox). */
const secureUrl = z
  .url({ message: "must be an absolute URL" })
  .refine((u) => u.startsWith("https://") || (u.startsWith("http://") && isLoopbackUrl(u)), {
    message: "must use https:// (http:// only for localhost)",
  });
const providerUrl = secureUrl.transform((u) => u.replace(/\/+$/, ""));

const optionalSecret = z.string().min(1).optional();
const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const KEY_RING_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, b64, ...rest] = entry.split(":");
    const key = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
    if (!id || !KEY_RING_PATTERN.test(id) || rest.length > 0 || key.length !== 32) {
      ctx.addIssue({
        code: "custom",
        message: "each entry must be id:base64 of 32 bytes (id: letters, digits, _ or -)",
      });
      return z.NEVER;
    }
    if (keys.some((k) => k.id === id)) {
      ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice` });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: "custom", message: "needs at least one key" });
    return z.NEVER;
  }
  return keys;
});

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z
    .url({ message: "must be an absolute URL" })
    .transform((u) => u.replace(/\/+$/, ""))
    .default("http://localhost:3000"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEYS: encryptionKeys,
  PLEO_AUTH_URL: providerUrl.default("https://auth.pleo.io"),
  PLEO_API_URL: providerUrl.default("https://external.pleo.io"),
  PLEO_CLIENT_ID: optionalSecret,
  PLEO_CLIENT_SECRET: optionalSecret,
  PLEO_SCOPES: z
    .string()
    .regex(/^\S+(\s+\S+)*$/, "must be space-separated scopes")
    .default("export-jobs:read export-items:read"),
  PLIANT_TOKEN_URL: providerUrl.default("https://infinnityprodinternal.eu.auth0.com/oauth/token"),
  PLIANT_AUDIENCE: z.string().min(1).default("api.getpliant.com/api/integration"),
  PLIANT_API_URL: providerUrl.default("https://partner-api.getpliant.com/api"),
  PLIANT_CLIENT_ID: optionalSecret,
  PLIANT_CLIENT_SECRET: optionalSecret,
  PLIANT_PARTNER_ID: z.uuid({ message: "must be a UUID" }).optional(),
  PLIANT_APP_URL: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(providerUrl).min(1, "needs at least one origin"))
    .transform((urls) => urls.map((u) => new URL(u).origin))
    .default(["https://app.getpliant.com"]),
  PLIANT_REQUIRE_SIGNED_REDIRECTS: booleanFlag.optional(),
  // Kept exactly as given: the issuer is compared with the discovery document's.
  AUTH_OIDC_ISSUER: secureUrl.optional(),
  AUTH_OIDC_CLIENT_ID: optionalSecret,
  AUTH_OIDC_CLIENT_SECRET: optionalSecret,
  /** Proxies in front of the portal that append to X-Forwarded-For; 0: clients connect directly. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** When set, single sign-on admits only emails of these domains. */
  AUTH_OIDC_ALLOWED_DOMAINS: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "must be a comma list of domains"))
        .min(1, "needs at least one domain"),
    )
    .optional(),
  // Outgoing mail (lib/mail): smtp:// or smtps:// with optional user:password; unset, emails are only logged.
  SMTP_URL: z
    .url({ message: "must be an smtp:// or smtps:// URL" })
    .refine((u) => /^smtps?:\/\//.test(u), { message: "must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(320).default("Partner Connect Portal <no-reply@localhost>"),
  // The sandbox mail catcher's inbox (npm start, npm test): linked from the sandbox banner.
  MAIL_CATCHER_URL: secureUrl.optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  // Set only by npm start / npm run dev / npm test: the zero-config local mode (docs/decisions/011).
  PORTAL_MODE: z.enum(["local"], { message: 'must be "local" or unset' }).optional(),
  // Auth.js reads AUTH_URL itself; it may only repeat APP_URL (see exportAuthUrl).
  AUTH_URL: z.url({ message: "must be an absolute URL" }).optional(),
  // Local state (generated secrets, the embedded database); default .data/ in the checkout.
  PORTAL_DATA_DIR: z
    .string()
    .min(1)
    .transform((d) => path.resolve(d))
    .default(DATA_DIR),
  SANDBOX_PLEO_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANDBOX_PLIANT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANDBOX_OIDC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Bearer token for GET /api/metrics; without it the endpoint answers 404 (not exposed).
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Every scheduled job's period in seconds instead of its own (benches, tests); unset in production.
  JOBS_PERIOD_SECONDS: z.coerce.number().int().min(1).max(43_200).optional(),
});

export type Env = Omit<z.infer<typeof schema>, "PLIANT_REQUIRE_SIGNED_REDIRECTS" | "DATABASE_URL"> & {
  /** The server to use: DATABASE_URL, or the embedded Postgres under .data/. */
  databaseUrl: string;
  usesEmbeddedDatabase: boolean;
  /**
   * The database is the embedded one, whoever started it: this process (usesEmbeddedDatabase) or
   * `npm start`, which hands its server the embedded cluster's URL as DATABASE_URL. For reporting.
   */
  databaseIsEmbedded: boolean;
  PLIANT_REQUIRE_SIGNED_REDIRECTS: boolean;
  pleoConfigured: boolean;
  pliantConfigured: boolean;
  oidcConfigured: boolean;
  /** True when any provider URL points at loopback: the local sandbox providers. */
  usesSandboxProviders: boolean;
  /**
   * local: npm start / npm run dev / npm test (loopback only, demo data, generated secrets);
   * production: NODE_ENV=production without PORTAL_MODE=local, held to lib/env-production.ts;
   * development: anything else (next dev by hand, vitest).
   */
  mode: "local" | "production" | "development";
};

/** Parse a given environment (exported for tests); throws ConfigError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const mode = raw.PORTAL_MODE === "local" ? "local" : raw.NODE_ENV === "production" ? "production" : "development";
  const production = mode === "production";
  const appUrlProblem = production ? productionAppUrlProblem(raw.APP_URL) : undefined;
  if (appUrlProblem) throw new ConfigError(appUrlProblem);
  // Generated secrets fill gaps outside production only, and are read only when there is a gap
  // (the standalone server runs from another directory and gets them passed by npm start).
  const needsDevSecrets = !raw.AUTH_SECRET || !raw.TOKEN_ENCRYPTION_KEYS || !raw.DATABASE_URL;
  const dev =
    production || !needsDevSecrets
      ? undefined
      : loadDevSecrets(raw.PORTAL_DATA_DIR ? path.resolve(raw.PORTAL_DATA_DIR) : DATA_DIR);
  if (dev) {
    raw.AUTH_SECRET ??= dev.authSecret;
    raw.TOKEN_ENCRYPTION_KEYS ??= dev.tokenEncryptionKeys;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const message = issue.code === "invalid_type" && raw[name] === undefined ? "is required" : issue.message;
    throw new ConfigError(`${name} ${message}`);
  }
  const env = parsed.data;
  const databaseUrl = env.DATABASE_URL ?? embeddedDatabaseUrl(env.EMBEDDED_PG_PORT, dev?.embeddedPgPassword);
  const providerUrls = [env.PLEO_AUTH_URL, env.PLEO_API_URL, env.PLIANT_API_URL, env.PLIANT_TOKEN_URL];
  const result: Env = {
    ...env,
    databaseUrl,
    usesEmbeddedDatabase: env.DATABASE_URL === undefined,
    databaseIsEmbedded: env.DATABASE_URL === undefined || isEmbeddedAddress(env.DATABASE_URL, env.EMBEDDED_PG_PORT),
    PLIANT_REQUIRE_SIGNED_REDIRECTS: env.PLIANT_REQUIRE_SIGNED_REDIRECTS ?? production,
    pleoConfigured: Boolean(env.PLEO_CLIENT_ID && env.PLEO_CLIENT_SECRET),
    pliantConfigured: Boolean(env.PLIANT_CLIENT_ID && env.PLIANT_CLIENT_SECRET),
    oidcConfigured: Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET),
    usesSandboxProviders: providerUrls.some(isLoopbackUrl),
    mode,
  };
  const problem = productionProblem(result, raw);
  if (problem) throw new ConfigError(problem);
  return result;
}

/** The embedded cluster's address (127.0.0.1 on EMBEDDED_PG_PORT), where npm start points its server. */
function isEmbeddedAddress(databaseUrl: string, port: number): boolean {
  try {
    const url = new URL(databaseUrl);
    return url.hostname === "127.0.0.1" && Number(url.port) === port;
  } catch {
    return false;
  }
}

function embeddedDatabaseUrl(port: number, password: string | undefined): string {
  if (!password) throw new ConfigError("DATABASE_URL is required in production");
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/portal`;
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    cached = parseEnv(process.env);
    exportAuthUrl(cached);
  }
  return cached;
}

/**
 * Auth.js takes its base URL from AUTH_URL when set, and otherwise from the request's Host and
 * X-Forwarded-* headers. Pinning AUTH_URL to APP_URL makes every URL it builds (callbacks,
 * redirects, the OIDC redirect URI) come from configuration, never from a request.
 */
function exportAuthUrl(e: Env): void {
  process.env.AUTH_URL = e.APP_URL;
}
