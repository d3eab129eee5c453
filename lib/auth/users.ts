import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, pool, type Database, type Transaction } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password";

export type Role = "customer_admin" | "partner_staff";

/** What pages and actions know about the signed-in user: no hash, no secrets. */
export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  workspaceId: string | null;
  workspaceName: string | null;
  /** The saved language choice (see lib/i18n); null: the browser decides. */
  locale?: string | null;
};

/** A user as stored: with the session version every valid session token must carry (lib/auth/guards.ts). */
export type StoredUser = SessionUser & { sessionVersion: number };

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  workspaceId: users.workspaceId,
  workspaceName: workspaces.name,
  sessionVersion: users.sessionVersion,
  locale: users.locale,
};

// A deactivated user is nobody: guards re-read the user on every request, so they are out at once.
const active = isNull(users.deactivatedAt);

/**
 * The user of a session: read on every signed-in request (lib/auth/guards.ts), so it is one named
 * prepared statement on the pool rather than a query built anew each time (building it cost more
 * CPU than PostgreSQL's own work; issue #11 item 9). The same columns and conditions as `columns`
 * and `active` above; lib/auth/guards.db.test.ts reads users through it.
 */
export async function findUserById(id: string): Promise<StoredUser | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const { rows } = await pool().query<StoredUser>({
    name: "find-user-by-id",
    text: `select u.id, u.email, u.name, u.role, u.workspace_id as "workspaceId", w.name as "workspaceName",
                  u.session_version as "sessionVersion", u.locale
           from users u left join workspaces w on w.id = u.workspace_id
           where u.id = $1 and u.deactivated_at is null`,
    values: [id],
  });
  return rows[0];
}

export async function findUserForSignIn(email: string) {
  const [row] = await db()
    .select({ ...columns, passwordHash: users.passwordHash })
    .from(users)
    .leftJoin(workspaces, eq(users.workspaceId, workspaces.id))
    .where(and(eq(users.email, email.trim().toLowerCase()), active));
  return row;
}

export const newUserInput = z
  .object({
    email: z.email().transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).max(200).optional(),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(1024),
    role: z.enum(["customer_admin", "partner_staff"]),
    workspace: z.string().trim().min(1).max(200).optional(),
  })
  .refine((u) => u.role === "partner_staff" || u.workspace, {
    message: "a customer admin needs a workspace",
    path: ["workspace"],
  });

/** Create or update a user (idempotent by email); creates the named workspace if needed. */
export async function upsertUser(input: z.input<typeof newUserInput>): Promise<{ id: string; created: boolean }> {
  const user = newUserInput.parse(input);
  return db().transaction(async (tx) => {
    let workspaceId: string | null = null;
    if (user.role === "customer_admin" && user.workspace) {
      await tx.insert(workspaces).values({ name: user.workspace }).onConflictDoNothing();
      const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.name, user.workspace));
      workspaceId = ws!.id;
    }
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, user.email));
    const [row] = await tx
      .insert(users)
      .values({ email: user.email, name: user.name, role: user.role, workspaceId })
      // A new role or workspace ends the user's existing sessions (their tokens' version is old); so does the password, below.
      .onConflictDoUpdate({
        target: users.email,
        set: {
          name: user.name,
          role: user.role,
          workspaceId,
          deactivatedAt: null,
          sessionVersion: sql`${users.sessionVersion} + 1`,
        },
      })
      .returning({ id: users.id });
    await setPassword(row!.id, user.password, tx);
    return { id: row!.id, created: existing.length === 0 };
  });
}

/**
 * The one way a password changes (invitation, reset, users:create). It bumps the user's session
 * version, so every session issued before the change ends (lib/auth/guards.ts).
 */
export async function setPassword(userId: string, password: string, tx: Database | Transaction = db()): Promise<void> {
  const passwordHash = await hashPassword(password);
  await tx
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/** Saves the user's language choice (null: follow the browser). */
export async function setUserLocale(userId: string, locale: string | null): Promise<void> {
  await db().update(users).set({ locale }).where(eq(users.id, userId));
}
