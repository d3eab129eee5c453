import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { apiKeys, users, workspaces } from "@/db/schema";
import { displayPrefix, generateApiKey } from "./key-format";
import { forgetCachedKey } from "./verify";
import { API_KEY_SCOPES, type ApiKeyScope } from "./scopes";

/** Input for a new key, from the staff page or the command line. */
export const newApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, "Choose at least one scope")
    .transform((s) => [...new Set(s)]),
  workspace: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((w) => (w ? w : undefined)),
});
export type NewApiKeyInput = z.input<typeof newApiKeyInput>;

export class ApiKeyInputError extends Error {
  override name = "ApiKeyInputError";
}

export type CreatedApiKey = { id: string; key: string; prefix: string };

/** Create a key; the returned `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  input: NewApiKeyInput,
  creator: { userId: string | null; label: string },
): Promise<CreatedApiKey> {
  const parsed = newApiKeyInput.safeParse(input);
  if (!parsed.success) throw new ApiKeyInputError(parsed.error.issues[0]!.message);
  let workspaceId: string | null = null;
  if (parsed.data.workspace) {
    const [ws] = await db()
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.name, parsed.data.workspace));
    if (!ws) throw new ApiKeyInputError(`No workspace named "${parsed.data.workspace}"`);
    workspaceId = ws.id;
  }
  const { key, prefix, hash } = generateApiKey();
  const [row] = await db()
    .insert(apiKeys)
    .values({
      name: parsed.data.name,
      prefix,
      secretHash: hash,
      scopes: parsed.data.scopes,
      workspaceId,
      createdByUserId: creator.userId,
      createdByLabel: creator.label,
    })
    .returning({ id: apiKeys.id });
  return { id: row!.id, key, prefix };
}

export type ApiKeyListItem = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  workspaceName: string | null;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function listApiKeys(): Promise<ApiKeyListItem[]> {
  const rows = await db()
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      workspaceName: workspaces.name,
      createdBy: apiKeys.createdByLabel,
      creatorEmail: users.email,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
  return rows.map(({ creatorEmail, ...r }) => ({
    ...r,
    prefix: displayPrefix(r.prefix),
    createdBy: creatorEmail ?? r.createdBy,
    scopes: r.scopes as ApiKeyScope[],
  }));
}

/** Revoke a key for good; true when it was live. Takes effect at once on this instance, within seconds on others. */
export async function revokeApiKey(id: string): Promise<boolean> {
  if (!z.uuid().safeParse(id).success) return false;
  const [row] = await db()
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ prefix: apiKeys.prefix });
  if (row) forgetCachedKey(row.prefix);
  return Boolean(row);
}

/** Workspace names for the "limit to a workspace" choice. */
export async function listWorkspaceNames(): Promise<string[]> {
  const rows = await db().select({ name: workspaces.name }).from(workspaces).orderBy(workspaces.name).limit(1000);
  return rows.map((r) => r.name);
}
