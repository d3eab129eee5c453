import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { pliantCallbacks } from "@/db/schema";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/pliant/data";
import { startAuthorization } from "@/test/pliant-fixtures";
import { useSandbox } from "@/test/sandbox";
import { forgetSigningKeys } from "@/lib/providers/pliant/signing-keys";
import { receivePliantCallback } from "./callbacks";
import { subscribePliantCallbacks } from "./subscribe";

const sandbox = useSandbox();
// Stands in for our public URL: captures exactly what the sandbox Pliant sends, byte for byte.
const captured: { headers: IncomingHttpHeaders; body: string }[] = [];
let capture: Server;
beforeAll(async () => {
  forgetSigningKeys();
  capture = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      captured.push({ headers: req.headers, body });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => capture.listen(0, "127.0.0.1", r));
  process.env.APP_URL = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
});
afterAll(() => capture?.close());

const toHeaders = (h: IncomingHttpHeaders) =>
  new Headers(Object.entries(h).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));

describe("Pliant callbacks in (sandbox-signed, real PostgreSQL)", () => {
  it(
    "subscribing, then an authorization start sends a signed AUTHORIZATION_PENDING: accepted once, tampered refused",
    { timeout: 20_000 },
    async () => {
      const subscribed = await subscribePliantCallbacks({ label: "test" });
      expect(subscribed).toMatchObject({ ok: true, url: `${process.env.APP_URL}/api/pliant/callbacks` });
      const org = PLIANT_ORGANIZATIONS[0]!.id;
      await startAuthorization(sandbox.pliant, org);
      for (let i = 0; i < 50 && captured.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const [callback] = captured;
      expect(callback).toBeDefined();

      const tampered = await receivePliantCallback(
        toHeaders(callback!.headers),
        callback!.body.replace("AUTHORIZATION_PENDING", "AUTHORIZATION_GRANTED"),
      );
      expect(tampered.status).toBe(401);
      const stale = await receivePliantCallback(toHeaders(callback!.headers), callback!.body, Date.now() + 10 * 60_000);
      expect(stale.status).toBe(401);

      const first = await receivePliantCallback(toHeaders(callback!.headers), callback!.body);
      const again = await receivePliantCallback(toHeaders(callback!.headers), callback!.body);
      expect(first).toEqual({ status: 200, body: { received: true } });
      expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
      const rows = await db()
        .select()
        .from(pliantCallbacks)
        .where(eq(pliantCallbacks.webhookId, String(callback!.headers["webhook-id"])));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type: "AUTHORIZATION_PENDING", organizationId: org });
    },
  );

  it("refuses a callback without the signature headers", async () => {
    const reply = await receivePliantCallback(new Headers({ "content-type": "application/json" }), "{}");
    expect(reply.status).toBe(400);
  });
});
