import "server-only";
import { and, eq } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { db } from "@/db/client";
import { connections } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { log } from "@/lib/log";
import {
  ProviderNotConfigured,
  ProviderProtocolError,
  ProviderUnavailable,
  ReauthorizationRequired,
} from "@/lib/providers/errors";
import { deleteInstallation, fetchCompany, fetchSubject } from "@/lib/providers/pleo/api";
import { pleoServer } from "@/lib/providers/pleo/config";
import { exchangeAuthorizationCode } from "@/lib/providers/pleo/token-endpoint";
import { actorOf, recordAudit } from "../audit";
import { storeTokens } from "../credentials";
import { recordConnectionEvent } from "@/lib/webhooks/outbox";
import type { NoticeCode } from "../notices";
import { notifyNewConnection } from "../new-connection-notice";
import { consumeOAuthFlow, createOAuthFlow, type FlowRefusal } from "./oauth-flows";
import { activatePleoInstallation } from "./installation";
import { OAUTH_ENDPOINTS } from "@/lib/providers/pleo/contract";

/** A callback that cannot be tied to a live flow of this user: shown as an error page, nothing stored. */
export class FlowRejected extends Error {
  override name = "FlowRejected";
  constructor(readonly reason: FlowRefusal | "malformed" | "other_workspace") {
    super(`OAuth flow rejected: ${reason}`);
  }
}

/** Build Pleo's authorize URL for a new connection, or to re-authorize `reconnectId` of this workspace. */
export async function startPleoConnect(user: AdminUser, reconnectId?: string): Promise<URL | "connection-not-found"> {
  const server = pleoServer();
  if (reconnectId) {
    const valid = z.uuid().safeParse(reconnectId).success;
    const [target] = valid
      ? await db()
          .select({ id: connections.id })
          .from(connections)
          .where(
            and(
              eq(connections.id, reconnectId),
              eq(connections.workspaceId, user.workspaceId),
              eq(connections.provider, "pleo"),
            ),
          )
      : [];
    if (!target) return "connection-not-found";
  }
  const { state, codeChallenge } = await createOAuthFlow({
    provider: "pleo",
    userId: user.id,
    workspaceId: user.workspaceId,
    reconnectConnectionId: reconnectId,
  });
  const url = new URL(server.as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: server.client.client_id,
    redirect_uri: server.redirectUri,
    scope: server.scopes,
    state,
    code_challenge: codeChallenge,
    code_challenge_method: OAUTH_ENDPOINTS.value.pkce,
  }).toString();
  return url;
}

const callbackQuery = z.union([
  z.object({ state: z.string().min(1).max(512), code: z.string().min(1).max(4096) }),
  z.object({
    state: z.string().min(1).max(512),
    error: z.string().min(1).max(256),
    error_description: z.string().max(2048).optional(),
  }),
]);

/** Finish the flow: consume the state, exchange the code, find the company, store the connection. */
export async function completePleoConnect(user: AdminUser, params: URLSearchParams): Promise<NoticeCode> {
  // Duplicated parameters are a forged or broken callback, never something to pick from.
  if ([...new Set(params.keys())].some((k) => params.getAll(k).length > 1)) throw new FlowRejected("malformed");
  const query = callbackQuery.safeParse(Object.fromEntries(params));
  if (!query.success) throw new FlowRejected("malformed");

  const flow = await consumeOAuthFlow(query.data.state, user.id);
  if (typeof flow === "string") throw new FlowRejected(flow);
  // The admin moved to another workspace since starting: the flow's workspace is no longer theirs.
  if (flow.workspaceId !== user.workspaceId) throw new FlowRejected("other_workspace");
  if ("error" in query.data) return query.data.error === "access_denied" ? "pleo-denied" : "pleo-error";

  try {
    const tokens = await exchangeAuthorizationCode(params, flow.codeVerifier);
    const subject = await fetchSubject(tokens.accessToken);
    const name =
      subject.kind === "company"
        ? (await fetchCompany(tokens.accessToken, subject.id)).name
        : `Pleo organisation ${subject.id.slice(0, 8)}`;

    const result = await db().transaction(async (tx): Promise<{ notice: NoticeCode; connectionId?: string }> => {
      const [existing] = await tx
        .select({ id: connections.id, workspaceId: connections.workspaceId })
        .from(connections)
        .where(and(eq(connections.provider, "pleo"), eq(connections.externalId, subject.id)))
        .for("update");
      const refuse = async (notice: NoticeCode, reason: string) => {
        await recordAudit(tx, {
          action: "connection.refused",
          actor: actorOf(user),
          workspaceId: user.workspaceId,
          connectionId: flow.reconnectConnectionId,
          detail: { provider: "pleo", reason, subject: subject.urn },
        });
        return { notice };
      };
      if (existing && existing.workspaceId !== flow.workspaceId)
        return refuse("company-elsewhere", "connected to another workspace");
      if (flow.reconnectConnectionId && existing?.id !== flow.reconnectConnectionId)
        return refuse("company-mismatch", "a different company than the connection's");

      const values = {
        status: "active" as const,
        statusReason: null,
        externalUrn: subject.urn,
        externalName: name,
        scopes: tokens.scopes,
        connectedByUserId: user.id,
        connectedAt: new Date(),
        remoteRevocationPending: false,
        remoteRevocationError: null,
        lastRefreshAt: new Date(),
        lastRefreshOutcome: "ok",
      };
      const id = existing
        ? (
            await tx
              .update(connections)
              .set(values)
              .where(eq(connections.id, existing.id))
              .returning({ id: connections.id })
          )[0]!.id
        : (
            await tx
              .insert(connections)
              .values({ ...values, workspaceId: flow.workspaceId, provider: "pleo", externalId: subject.id })
              .returning({ id: connections.id })
          )[0]!.id;
      await storeTokens(tx, id, tokens);
      const action = existing ? "connection.reconnected" : "connection.connected";
      log.info(`pleo.${existing ? "reconnected" : "connected"}`, {
        connectionId: id,
        workspaceId: flow.workspaceId,
        subject: subject.urn,
      });
      await recordAudit(tx, {
        action,
        actor: actorOf(user),
        workspaceId: flow.workspaceId,
        connectionId: id,
        detail: { provider: "pleo", subject: subject.urn, name, scopes: tokens.scopes },
      });
      if (!existing)
        await notifyNewConnection(tx, {
          workspaceId: flow.workspaceId,
          connectionId: id,
          provider: "pleo",
          name,
          actor: actorOf(user),
        });
      await recordConnectionEvent(tx, existing ? "connection.reconnected" : "connection.created", id);
      return { notice: existing ? "pleo-reconnected" : "pleo-connected", connectionId: id };
    });
    if (result.notice === "company-elsewhere" || result.notice === "company-mismatch")
      await dropRefusedGrant(tokens.accessToken, flow.workspaceId);
    // The OAuth flow created Pleo's installation; once our side is stored, activate it (best effort).
    else if (result.connectionId)
      await activatePleoInstallation(
        { connectionId: result.connectionId, workspaceId: flow.workspaceId },
        tokens.accessToken,
      );
    return result.notice;
  } catch (error) {
    log.warn("pleo.connect.failed", {
      error: error instanceof Error ? error.name : "unknown",
      reason: (error as { reason?: string }).reason,
    });
    if (error instanceof ProviderUnavailable) return "pleo-unavailable";
    if (error instanceof ProviderNotConfigured) return "pleo-not-configured";
    if (
      error instanceof ReauthorizationRequired ||
      error instanceof ProviderProtocolError ||
      error instanceof oauth.AuthorizationResponseError
    )
      return "pleo-error";
    throw error;
  }
}

/**
 * A grant the portal refused to store (its company belongs elsewhere, or is not the reconnected
 * one) is revoked at Pleo at once, so no installation lives on that nobody here holds. Best effort:
 * a failure is logged; the tokens are dropped either way and never stored.
 */
async function dropRefusedGrant(accessToken: string, workspaceId: string): Promise<void> {
  try {
    await deleteInstallation(accessToken);
    log.info("pleo.refused_grant.revoked", { workspaceId });
  } catch (error) {
    log.warn("pleo.refused_grant.revoke_failed", {
      workspaceId,
      error: error instanceof Error ? error.name : "unknown",
    });
  }
}
