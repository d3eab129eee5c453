// POST /api/pliant/callbacks — Pliant's signed callbacks (Standard-Webhooks-style headers, Ed25519 `v1a`).
import { MAX_CALLBACK_BYTES, receivePliantCallback } from "@/lib/connections/pliant/callbacks";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_CALLBACK_BYTES) return Response.json({ error: "too_large" }, { status: 413 });
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_CALLBACK_BYTES) return Response.json({ error: "too_large" }, { status: 413 });
  const reply = await receivePliantCallback(request.headers, raw);
  return Response.json(reply.body, { status: reply.status, headers: { "Cache-Control": "no-store" } });
}
