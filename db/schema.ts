import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Tables of DESIGN §4. Secret columns hold vault ciphertext only (see lib/vault). */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const userRole = pgEnum("user_role", ["customer_admin", "partner_staff"]);
export const provider = pgEnum("provider", ["pleo", "pliant"]);
export const connectionStatus = pgEnum("connection_status", ["pending", "active", "needs_reauth", "revoked", "error"]);
export const pliantEntryStatus = pgEnum("pliant_entry_status", ["awaiting", "approved", "cancelled", "failed"]);

/**
 * From when Pliant sends a newly activated organization's data (`syncFromDate` on Activate):
 * "organization_created" sends none (Pliant's default), the others are computed at activation.
 */
export const pliantSyncFrom = pgEnum("pliant_sync_from", [
  "organization_created",
  "first_of_this_month",
  "first_of_last_month",
]);

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  pliantSyncFrom: pliantSyncFrom("pliant_sync_from").notNull().default("first_of_last_month"),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name"),
    /** argon2id; null for users who only sign in through OIDC. */
    passwordHash: text("password_hash"),
    role: userRole("role").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "restrict" }),
    /** In every session token; bumped on sign-out, password or role change, which ends older sessions. */
    sessionVersion: integer("session_version").notNull().default(1),
    /** The language the user chose (en, de, da, sv, fr); null: the browser's Accept-Language. */
    locale: text("locale"),
    /** Set when staff deactivate the user or an admin removes them: no sign-in, sessions end, history stays. */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /** Partner staff: the daily digest of broken connections (opt-out on /settings/workspaces). */
    emailDigest: boolean("email_digest").notNull().default(true),
    /** The UTC day the last digest went out to this user: claimed atomically, so one per day. */
    digestSentOn: date("digest_sent_on", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
    check("users_admin_has_workspace", sql`${t.role} <> 'customer_admin' or ${t.workspaceId} is not null`),
  ],
);

export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" }),
    provider: provider("provider").notNull(),
    /** Pleo company or organisation id; Pliant organization id. */
    externalId: text("external_id").notNull(),
    /** Pleo subject URN (urn:pleo:company:… or urn:pleo:organisation:…). */
    externalUrn: text("external_urn"),
    externalName: text("external_name"),
    status: connectionStatus("status").notNull().default("pending"),
    statusReason: text("status_reason"),
    scopes: text("scopes")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    connectedByUserId: uuid("connected_by_user_id").references(() => users.id, { onDelete: "set null" }),
    connectedAt: timestamp("connected_at", { withTimezone: true }),
    lastRefreshAt: timestamp("last_refresh_at", { withTimezone: true }),
    lastRefreshOutcome: text("last_refresh_outcome"),
    /** The provider has not yet confirmed a revocation we did locally; the sweep retries it. */
    remoteRevocationPending: boolean("remote_revocation_pending").notNull().default(false),
    /** Why the provider side of a revocation last failed (shown to staff); null once it succeeded. */
    remoteRevocationError: text("remote_revocation_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One provider account belongs to one workspace at most.
    uniqueIndex("connections_provider_external_id").on(t.provider, t.externalId),
    index("connections_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    // Status-filtered pages in (created_at, id) order. The trailing columns are what filters and
    // search read, so the page's ids come from an index-only scan: rows a name search skips are
    // never fetched from the table (lib/connections/read/staff-queries.ts).
    index("connections_status_provider_created").on(
      t.status,
      t.provider,
      t.createdAt,
      t.id,
      t.workspaceId,
      t.externalId,
      t.externalName,
    ),
    // Staff search by partial name (lower(name) like '%…%'); needs pg_trgm (migration 0002).
    index("connections_name_trgm").using("gin", sql`lower(${t.externalName}) gin_trgm_ops`),
    index("connections_created_id").on(t.createdAt, t.id),
  ],
);

/**
 * Connections per workspace, provider and status, kept by statement-level triggers on
 * `connections` (migration 0004): the dashboard's counts read a few rows instead of the whole table.
 */
export const connectionCounts = pgTable(
  "connection_counts",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    provider: provider("provider").notNull(),
    status: connectionStatus("status").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.provider, t.status] })],
);

export const connectionCredentials = pgTable(
  "connection_credentials",
  {
    connectionId: uuid("connection_id")
      .primaryKey()
      .references(() => connections.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshToken: text("refresh_token"),
    /** When the current refresh token was issued: the keep-alive sweep refreshes idle ones. */
    refreshTokenIssuedAt: timestamp("refresh_token_issued_at", { withTimezone: true }),
    /** Bumped on every rotation; lets callers see that another process refreshed first. */
    version: integer("version").notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [index("connection_credentials_refresh_issued").on(t.refreshTokenIssuedAt)],
);

export const oauthFlows = pgTable(
  "oauth_flows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 of the state parameter; the state itself is never stored. */
    stateHash: text("state_hash").notNull().unique(),
    provider: provider("provider").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    reconnectConnectionId: uuid("reconnect_connection_id").references(() => connections.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("oauth_flows_expires").on(t.expiresAt)],
);

export const pliantEntries = pgTable(
  "pliant_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    redirectUrl: text("redirect_url").notNull(),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    signatureVerified: boolean("signature_verified").notNull().default(false),
    /** SHA-256 of the signed request (t, partnerId, organizationId, v1a): one entry per signed link. */
    signatureDigest: text("signature_digest"),
    status: pliantEntryStatus("status").notNull().default("awaiting"),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("pliant_entries_expires").on(t.expiresAt),
    uniqueIndex("pliant_entries_signature").on(t.signatureDigest),
  ],
);

export const providerTokens = pgTable("provider_tokens", {
  /** One row per provider environment, e.g. "pliant". */
  provider: text("provider").primaryKey(),
  accessToken: text("access_token"),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  obtainedAt: timestamp("obtained_at", { withTimezone: true }),
  /** After a 429, no instance asks again before this time. */
  retryAfter: timestamp("retry_after", { withTimezone: true }),
  /** The token quota as the provider last announced it (Pliant: Auth0-Client-Quota-Limit), per bucket. */
  quota: jsonb("quota").$type<StoredTokenQuota>(),
  /** The last renewal forced by a 401 (not by expiry): at most one per interval, fleet-wide. */
  lastForcedRenewalAt: timestamp("last_forced_renewal_at", { withTimezone: true }),
  updatedAt: updatedAt(),
});

/** One quota bucket as announced: limit, what remained, and when it resets (ISO time). */
export type StoredQuotaBucket = { limit: number; remaining: number; resetAt: string };
export type StoredTokenQuota = { observedAt: string; buckets: Record<string, StoredQuotaBucket> };

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** "system", "sweep", a provider name, or the user's email at the time. */
    actorLabel: text("actor_label").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_connection_at").on(t.connectionId, t.at),
    index("audit_events_workspace_at").on(t.workspaceId, t.at),
    index("audit_events_action_at").on(t.action, t.at),
  ],
);

/** Daily counts of token refresh outcomes per provider: the staff dashboard's 7-day chart. */
export const tokenRefreshStats = pgTable(
  "token_refresh_stats",
  {
    day: date("day", { mode: "string" }).notNull(),
    provider: provider("provider").notNull(),
    /** "ok", "unavailable", or the provider's terminal error (e.g. "invalid_grant"). */
    outcome: text("outcome").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.provider, t.outcome] })],
);

/**
 * Fixed-window attempt counters with doubling lockouts, one row per key (sign-in: an email +
 * address pair, an email, an address, "global"; also Test connection and unsigned Pliant entries).
 * One upsert counts an attempt before the work it guards is done (lib/rate-limit.ts).
 */
export const rateLimits = pgTable("rate_limits", {
  /** SHA-256 of the key: no email or address is stored in the clear. */
  key: text("key").primaryKey(),
  maxAttempts: integer("max_attempts").notNull(),
  windowSeconds: integer("window_seconds").notNull(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  /** Attempts in the current window, less the ones given back (a successful sign-in). */
  attempts: integer("attempts").notNull().default(0),
  /** How often the limit was exceeded since the key was last cleared: each lockout doubles. */
  strikes: integer("strikes").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/** Single sign-on identities linked to users: matched by (issuer, subject), never by email again. */
export const userIdentities = pgTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.subject] }),
    uniqueIndex("user_identities_user_issuer").on(t.userId, t.issuer),
  ],
);

/**
 * One row per background job (lib/jobs): cluster-wide run and failure counts and the last outcome,
 * written by whichever worker ran it. The staff "Background jobs" page and /api/metrics read it.
 */
export const backgroundJobs = pgTable("background_jobs", {
  name: text("name").primaryKey(),
  runs: integer("runs").notNull().default(0),
  failures: integer("failures").notNull().default(0),
  /** Failed attempts since the last success: 0 when healthy. */
  failuresInARow: integer("failures_in_a_row").notNull().default(0),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  /** "succeeded" or "failed". */
  lastOutcome: text("last_outcome"),
  /** A short summary of the last run (counts), or the failure's message. Never secrets. */
  lastDetail: text("last_detail"),
});

/**
 * Partner API keys (issue #14). Only the SHA-256 of the secret is stored; `prefix` (the first
 * characters after `pcp_live_`) finds the row and is all that is ever shown again.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull().unique(),
    /** SHA-256 (hex) of the whole key; the secret has 256 random bits, so no slow hash is needed. */
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    /** When set, the key sees only this workspace's connections. */
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who created it, as shown (kept when the user is deleted; "command line" for the script). */
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    /** Written in batches (at most once a minute per key per instance), never per request. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_created").on(t.createdAt)],
);

/** A pending invitation to become a user: the link's token is stored only as its SHA-256. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    role: userRole("role").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The language of the emails: the inviter's at the time. */
    locale: text("locale").notNull().default("en"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("invitations_email_lowercase", sql`${t.email} = lower(${t.email})`),
    check("invitations_admin_has_workspace", sql`${t.role} <> 'customer_admin' or ${t.workspaceId} is not null`),
    index("invitations_workspace").on(t.workspaceId, t.createdAt),
  ],
);

/** A forgot-password link: single use, one hour; the token is stored only as its SHA-256. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user").on(t.userId, t.createdAt)],
);

/**
 * Outgoing webhooks (lib/webhooks, docs/decisions/080-outgoing-webhooks.md): where the partner's
 * backend hears about connection changes. Secrets are vault ciphertext (`whsec_…` inside).
 */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  /** Event types this endpoint receives; empty = every type. */
  events: text("events")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  description: text("description"),
  secret: text("secret").notNull(),
  /** The secret before the last rotation: still signs until previousSecretExpiresAt. */
  previousSecret: text("previous_secret"),
  previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  disabledReason: text("disabled_reason"),
  /** The first failed attempt since the last success; null while healthy. */
  failingSince: timestamp("failing_since", { withTimezone: true }),
  createdAt: createdAt(),
});

/** The outbox: written in the transaction that changes the connection; id is the `webhook-id`. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "set null" }),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_events_connection_created").on(t.connectionId, t.createdAt),
    index("webhook_events_created").on(t.createdAt),
  ],
);

/** One row per delivery attempt of one event to one endpoint. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    /** HTTP status; null when no answer came (network error, timeout, refused address). */
    status: integer("status"),
    latencyMs: integer("latency_ms"),
    /** At most 1 KB of the answer's body. */
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    /** "delivered", "retrying", "failed" (no more retries). */
    outcome: text("outcome").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_at").on(t.endpointId, t.at),
    index("webhook_deliveries_event").on(t.eventId),
  ],
);

/** Pliant callbacks received, by `webhook-id`: at-least-once delivery is processed once. */
export const pliantCallbacks = pgTable(
  "pliant_callbacks",
  {
    webhookId: text("webhook_id").primaryKey(),
    callbackId: text("callback_id"),
    type: text("type").notNull(),
    organizationId: text("organization_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pliant_callbacks_type_received").on(t.type, t.receivedAt)],
);

/**
 * Connection emails queued (lib/mail/connection-emails.ts): one row per outbox event, kind and
 * recipient. Inserted with the mail job in one transaction, so a retried dispatch or a second
 * reminder run finds the row and queues nothing again.
 */
export const connectionEmails = pgTable(
  "connection_emails",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    /** "notice" (at the event), "reminder-3d", "reminder-7d". */
    kind: text("kind").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.kind, t.userId] }),
    index("connection_emails_connection").on(t.connectionId),
  ],
);
