import "server-only";
import type { SessionUser } from "@/lib/auth/users";

/** Staff manage every workspace; a customer admin only their own. Checked in every people service. */
export function canManageWorkspace(actor: SessionUser, workspaceId: string | null): boolean {
  if (actor.role === "partner_staff") return true;
  return workspaceId !== null && actor.workspaceId === workspaceId;
}

export class PeopleError extends Error {
  override name = "PeopleError";
  constructor(readonly code: PeopleErrorCode) {
    super(code);
  }
}

/** Every refusal a people action can give; the pages turn each into a chosen sentence. */
export type PeopleErrorCode =
  | "invalid-input"
  | "not-allowed"
  | "not-found"
  | "already-user"
  | "already-invited"
  | "workspace-exists"
  | "last-admin"
  | "self";
