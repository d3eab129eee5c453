import type { AdminUser } from "@/lib/auth/guards";
import { createWorkspace } from "./pleo-fixtures";
import type { control } from "./sandbox";

/** A customer admin as the guards hand it to services (fresh workspace, fresh user). */
export async function createAdmin(): Promise<AdminUser> {
  const { workspace, admin } = await createWorkspace();
  return { id: admin.id, email: admin.email, name: null, role: "customer_admin", workspaceId: workspace.id, workspaceName: workspace.name };
}

/** The query Pliant's Authorize button sends to /login (the sandbox signs it with its JWKS key). */
export async function startAuthorization(pliant: ReturnType<typeof control>, organizationId: string): Promise<URLSearchParams> {
  // A signed link is (t in seconds, organization): two starts for one organization within a second
  // would be the same link, which the portal accepts once. A person cannot click that fast; a test can.
  await pliant.advanceClock(1);
  const { loginUrl } = (await pliant.post("authorizations/start", { organizationId })) as { loginUrl: string };
  return new URL(loginUrl).searchParams;
}
