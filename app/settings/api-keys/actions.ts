"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { ApiKeyInputError, createApiKey, revokeApiKey } from "@/lib/api-keys/store";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/lib/api-keys/scopes";

// Server actions are public POST endpoints: each one re-checks that the caller is partner staff.

export type CreateKeyState = { key?: string; name?: string; error?: string };

export async function createApiKeyAction(_previous: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const user = await requireStaff("/settings/api-keys");
  const name = form.get("name");
  const workspace = form.get("workspace");
  const scopes = form
    .getAll("scopes")
    .filter((s): s is ApiKeyScope => typeof s === "string" && (API_KEY_SCOPES as readonly string[]).includes(s));
  try {
    const created = await createApiKey(
      {
        name: typeof name === "string" ? name : "",
        scopes,
        workspace: typeof workspace === "string" ? workspace : undefined,
      },
      { userId: user.id, label: user.email },
    );
    revalidatePath("/settings/api-keys");
    // The only time the secret leaves the server: shown once in this answer, never stored in clear.
    return { key: created.key, name: typeof name === "string" ? name.trim() : "" };
  } catch (error) {
    if (error instanceof ApiKeyInputError) return { error: error.message };
    throw error;
  }
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  await requireStaff("/settings/api-keys");
  const id = form.get("keyId");
  await revokeApiKey(typeof id === "string" ? id : "");
  revalidatePath("/settings/api-keys");
}
