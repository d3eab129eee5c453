import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { connections, pliantCallbacks } from "@/db/schema";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "@/lib/providers/errors";
import { verifyPliantSignature } from "@/lib/providers/pliant/signing-keys";
import { recordAudit } from "../audit";

/** A callback signed longer ago (or further ahead) than this is refused: replay window. */
export const CALLBACK_TOLERANCE_SECONDS = 5 * 60;
export const MAX_CALLBACK_BYTES = 64 * 1024;

const headersSchema = z.object({
  "webhook-id": z.string().min(1).max(200),
  "webhook-timestamp": z.string().regex(/^\d{1,12}$/),
  "webhook-signature": z.string().min(1).max(4000),
  "x-organization-id": z.string().max(200).optional(),
  "x-callback-id": z.string().max(200).optional(),
});

const bodySchema = z.looseObject({
  type: z.string().min(1).max(100).optional(),
  eventType: z.string().min(1).max(100).optional(),
  organizationId: z.string().max(200).optional(),
});

export type CallbackReply = { status: number; body: Record<string, unknown> };

/** `v1a,<base64>` entries (space-separated, as Standard Webhooks allows several). */
function ed25519Signatures(header: string): Buffer[] {
  return header.split(" ").flatMap((part) => {
    const [version, value] = part.split(",", 2);
    return version === "v1a" && value && /^[A-Za-z0-9+/=_-]+$/.test(value) ? [Buffer.from(value, "base64")] : [];
  });
}

/**
 * POST /api/pliant/callbacks: verify Pliant's Ed25519 signature over `<id>.<timestamp>.<raw body>`,
 * the timestamp window, then process each webhook-id once (insert-on-conflict).
 */
export async function receivePliantCallback(
  rawHeaders: Headers,
  rawBody: string,
  nowMs = Date.now(),
): Promise<CallbackReply> {
  const headers = headersSchema.safeParse(
    Object.fromEntries([...rawHeaders.entries()].map(([k, v]) => [k.toLowerCase(), v])),
  );
  if (!headers.success) return { status: 400, body: { error: "missing_headers" } };
  const h = headers.data;
  if (Math.abs(nowMs / 1000 - Number(h["webhook-timestamp"])) > CALLBACK_TOLERANCE_SECONDS)
    return { status: 401, body: { error: "timestamp_out_of_window" } };
  const signatures = ed25519Signatures(h["webhook-signature"]);
  if (signatures.length === 0) return { status: 401, body: { error: "invalid_signature" } };
  const message = `${h["webhook-id"]}.${h["webhook-timestamp"]}.${rawBody}`;
  let valid = false;
  try {
    for (const signature of signatures) if (!valid) valid = await verifyPliantSignature(message, signature);
  } catch (error) {
    if (error instanceof ProviderUnavailable) return { status: 503, body: { error: "keys_unavailable" } };
    throw error;
  }
  if (!valid) return { status: 401, body: { error: "invalid_signature" } };

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: "invalid_json" } };
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) return { status: 400, body: { error: "invalid_body" } };
  const type = body.data.type ?? body.data.eventType ?? "UNKNOWN";
  const organizationId = h["x-organization-id"] ?? body.data.organizationId ?? null;

  return db().transaction(async (tx): Promise<CallbackReply> => {
    const [inserted] = await tx
      .insert(pliantCallbacks)
      .values({
        webhookId: h["webhook-id"],
        callbackId: h["x-callback-id"] ?? null,
        type,
        organizationId,
        payload: body.data,
      })
      .onConflictDoNothing()
      .returning({ webhookId: pliantCallbacks.webhookId });
    if (!inserted) return { status: 200, body: { received: true, duplicate: true } };
    if (type === "AUTHORIZATION_GRANTED" && organizationId) {
      const [c] = await tx
        .select({ id: connections.id, workspaceId: connections.workspaceId })
        .from(connections)
        .where(and(eq(connections.provider, "pliant"), eq(connections.externalId, organizationId)));
      await recordAudit(tx, {
        action: "pliant.callback_authorization_granted",
        actor: { label: "pliant" },
        workspaceId: c?.workspaceId ?? null,
        connectionId: c?.id ?? null,
        detail: { organizationId, webhookId: h["webhook-id"] },
      });
    } else if (type !== "AUTHORIZATION_PENDING") {
      log.info("pliant.callback.unknown_type", { type, webhookId: h["webhook-id"] });
    }
    log.info("pliant.callback.received", { type, webhookId: h["webhook-id"], organizationId });
    return { status: 200, body: { received: true } };
  });
}

/** Organizations that started authorizing in Pliant (AUTHORIZATION_PENDING), newest first: shown to staff, never linked. */
export async function recentPendingAuthorizations(limit = 20) {
  return db()
    .select({
      organizationId: pliantCallbacks.organizationId,
      receivedAt: pliantCallbacks.receivedAt,
      webhookId: pliantCallbacks.webhookId,
    })
    .from(pliantCallbacks)
    .where(eq(pliantCallbacks.type, "AUTHORIZATION_PENDING"))
    .orderBy(desc(pliantCallbacks.receivedAt))
    .limit(limit);
}
