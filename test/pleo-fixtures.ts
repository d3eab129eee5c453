import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { db } from "@/db/client";
import { connectionCredentials, connections, users, workspaces } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { storeTokens } from "@/lib/connections/credentials";
import { exchangeAuthorizationCode } from "@/lib/providers/pleo/token-endpoint";
import { PLEO_COMPANIES, SANDBOX_DEFAULTS } from "@/sandbox/index";
import type { control } from "./sandbox";

export async function createWorkspace(name = `Workspace ${randomUUID()}`) {
  const [ws] = await db().insert(workspaces).values({ name }).returning();
  const [admin] = await db()
    .insert(users)
    .values({ email: `${randomUUID()}@admin.test`, role: "customer_admin", workspaceId: ws!.id })
    .returning();
  return { workspace: ws!, admin: admin! };
}

/** A customer admin as the guards hand it to services (fresh workspace, fresh user). */
export async function createAdmin(): Promise<AdminUser> {
  const { workspace, admin } = await createWorkspace();
  return {
    id: admin.id,
    email: admin.email,
    name: null,
    role: "customer_admin",
    workspaceId: workspace.id,
    workspaceName: workspace.name,
  };
}

/** A real grant from the sandbox (its authorize shortcut, then our own code exchange). */
export async function grantFromSandbox(pleo: ReturnType<typeof control>, companyId = PLEO_COMPANIES[0]!.id) {
  const verifier = oauth.generateRandomCodeVerifier();
  const { location } = (await pleo.post("authorize", {
    client_id: SANDBOX_DEFAULTS.pleoClientId,
    redirect_uri: `${process.env.APP_URL ?? "http://localhost:3000"}/connect/pleo/callback`,
    scope: "export-items:read expenses:read",
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: "fixture",
    company_id: companyId,
    decision: "allow",
  })) as { location: string };
  return exchangeAuthorizationCode(new URL(location).searchParams, verifier);
}

/** An active Pleo connection with real sandbox tokens; `expired` makes its access token stale. */
export async function createPleoConnection(
  pleo: ReturnType<typeof control>,
  workspaceId: string,
  opts: { expired?: boolean; companyId?: string } = {},
) {
  const tokens = await grantFromSandbox(pleo, opts.companyId);
  const [c] = await db()
    .insert(connections)
    .values({
      workspaceId,
      provider: "pleo",
      externalId: `fixture-${randomUUID()}`,
      externalName: "Fixture company",
      status: "active",
      scopes: tokens.scopes,
    })
    .returning();
  await db().transaction((tx) => storeTokens(tx, c!.id, tokens));
  if (opts.expired) {
    await db()
      .update(connectionCredentials)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(connectionCredentials.connectionId, c!.id));
  }
  return { connection: c!, tokens };
}

/** `count` active Pleo connections with real sandbox grants in one new workspace (benches, drills). */
export async function createPleoConnections(pleo: ReturnType<typeof control>, count: number): Promise<string[]> {
  const { workspace } = await createWorkspace();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createPleoConnection(pleo, workspace.id)).connection.id);
  return ids;
}
