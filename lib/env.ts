import "server-only";
import { z } from "zod";
import { loadDevSecrets } from "./dev-secrets";

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
const secureUrl = z.url({ message: "must be an absolute URL" }).refine((u) => u.startsWith("https://") || (u.startsWith("http://") && isLoopbackUrl(u)), {
  message: "must use https:// (http:// only for localhost)",
});
const providerUrl = secureUrl.transform((u) => u.replace(/\/+$/, ""));

const optionalSecret = z.string().min(1).optional();
const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const KEY_RING_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const entry of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [id, b64, ...rest] = entry.split(":");
    const key = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
    if (!id || !KEY_RING_PATTERN.test(id) || rest.length > 0 || key.length !== 32) {
      ctx.addIssue({ code: "custom", message: "each entry must be id:base64 of 32 bytes (id: letters, digits, _ or -)" });
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
  APP_URL: z.url({ message: "must be an absolute URL" }).transform((u) => u.replace(/\/+$/, "")).default("http://localhost:3000"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEYS: encryptionKeys,
  PLEO_AUTH_URL: providerUrl.default("https://auth.pleo.io"),
  PLEO_API_URL: providerUrl.default("https://external.pleo.io"),
  PLEO_CLIENT_ID: optionalSecret,
  PLEO_CLIENT_SECRET: optionalSecret,
  PLEO_SCOPES: z.string().regex(/^\S+(\s+\S+)*$/, "must be space-separated scopes").default("export-jobs:read export-items:read"),
  PLIANT_TOKEN_URL: providerUrl.default("https://infinnityprodinternal.eu.auth0.com/oauth/token"),
  PLIANT_AUDIENCE: z.string().min(1).default("api.getpliant.com/api/integration"),
  PLIANT_API_URL: providerUrl.default("https://partner-api.getpliant.com/api"),
  PLIANT_CLIENT_ID: optionalSecret,
  PLIANT_CLIENT_SECRET: optionalSecret,
  PLIANT_PARTNER_ID: z.uuid({ message: "must be a UUID" }).optional(),
  PLIANT_APP_URL: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(providerUrl).min(1, "needs at least one origin"))
    .transform((urls) => urls.map((u) => new URL(u).origin))
    .default(["https://app.getpliant.com"]),
  PLIANT_REQUIRE_SIGNED_REDIRECTS: booleanFlag.optional(),
  // Kept exactly as given: the issuer is compared with the discovery document's.
  AUTH_OIDC_ISSUER: secureUrl.optional(),
  AUTH_OIDC_CLIENT_ID: optionalSecret,
  AUTH_OIDC_CLIENT_SECRET: optionalSecret,
  // Outgoing mail (lib/mail): smtp:// or smtps:// with optional user:password; unset, emails are only logged.
  SMTP_URL: z.url({ message: "must be an smtp:// or smtps:// URL" }).refine((u) => /^smtps?:\/\//.test(u), { message: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().trim().min(3).max(320).default("Partner Connect Portal <no-reply@localhost>"),
  // The sandbox mail catcher's inbox (npm start, npm test): linked from the sandbox banner.
  MAIL_CATCHER_URL: secureUrl.optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
});

export type Env = Omit<z.infer<typeof schema>, "PLIANT_REQUIRE_SIGNED_REDIRECTS" | "DATABASE_URL"> & {
  /** The server to use: DATABASE_URL, or the embedded Postgres under .data/. */
  databaseUrl: string;
  usesEmbeddedDatabase: boolean;
  PLIANT_REQUIRE_SIGNED_REDIRECTS: boolean;
  pleoConfigured: boolean;
  pliantConfigured: boolean;
  oidcConfigured: boolean;
  /** True when any provider URL points at loopback: the local sandbox providers. */
  usesSandboxProviders: boolean;
};

/** Parse a given environment (exported for tests); throws ConfigError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const production = raw.NODE_ENV === "production";
  const dev = production ? undefined : loadDevSecrets();
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
  return {
    ...env,
    databaseUrl,
    usesEmbeddedDatabase: env.DATABASE_URL === undefined,
    PLIANT_REQUIRE_SIGNED_REDIRECTS: env.PLIANT_REQUIRE_SIGNED_REDIRECTS ?? production,
    pleoConfigured: Boolean(env.PLEO_CLIENT_ID && env.PLEO_CLIENT_SECRET),
    pliantConfigured: Boolean(env.PLIANT_CLIENT_ID && env.PLIANT_CLIENT_SECRET),
    oidcConfigured: Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET),
    usesSandboxProviders: providerUrls.some(isLoopbackUrl),
  };
}

function embeddedDatabaseUrl(port: number, password: string | undefined): string {
  if (!password) throw new ConfigError("DATABASE_URL is required in production");
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/portal`;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
