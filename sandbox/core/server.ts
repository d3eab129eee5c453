import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { faultReply } from "./fault-reply";
import { authScheme, BodyTooLarge, readBody } from "./http";
import { json, type Reply } from "./reply";
import { redactPath, type LoggedRequest } from "./request-log";
import { matchRoute, type Route } from "./router";
import type { Runtime } from "./runtime";

export interface ProviderServer {
  url: string;
  close(): Promise<void>;
}

interface ServerOptions {
  label: string;
  port: number;
  runtime: Runtime;
  routes: Route[];
  log: (line: string) => void;
}

/**
 * One provider origin on 127.0.0.1. Sockets and timers are tracked so close() ends promptly even
 * while a "hang" fault keeps a request open.
 */
export async function startProviderServer(opts: ServerOptions): Promise<ProviderServer> {
  const { runtime, routes, label, log } = opts;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = "";

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", origin);
    const match = matchRoute(routes, method, url.pathname);
    const name = match.route?.name ?? null;
    const isControl = url.pathname.startsWith("/__sandbox/");
    const entry: LoggedRequest | undefined = isControl
      ? undefined
      : runtime.requests.push({
          at: new Date(runtime.clock.nowMs()).toISOString(),
          method,
          path: redactPath(url.pathname + url.search),
          endpoint: name,
          status: "pending",
          auth: authScheme(req.headers),
        });

    const finish = (status: number | "dropped" | "hung", error?: string) => {
      if (entry) Object.assign(entry, { status, error, durationMs: Date.now() - started });
      if (name) runtime.counters.finished(name, status, error);
      log(
        `[${label}] ${status} ${method} ${redactPath(url.pathname + url.search)}${name ? ` (${name})` : ""} ${Date.now() - started}ms`,
      );
    };
    const send = (reply: Reply) => {
      if (res.destroyed || res.writableEnded) return;
      // With its length, as real API servers answer (not chunked).
      res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body ?? "")) });
      res.end(reply.body);
      finish(reply.status, reply.error);
    };

    if (!match.route) {
      const reply = match.allowed.length
        ? json(405, { error: "method_not_allowed" }, { allow: match.allowed.join(", ") })
        : json(404, { error: "not_found", error_description: `No route for ${method} ${url.pathname}` });
      return send(reply);
    }
    const route = match.route;
    const body = await readBody(req);
    const ctx = { method, url, params: match.params, headers: req.headers, body, origin };
    if (name) runtime.counters.arrived(name, route.grantOf?.(ctx));

    const fault = name ? runtime.faults.take(name) : undefined;
    if (fault && name) runtime.counters.faulted(name);
    if (fault?.latencyMs) {
      await sleep(fault.latencyMs);
      if (req.socket.destroyed) return finish("dropped");
    }
    if (fault?.hang) {
      // Deliberately never answer; close() destroys the socket.
      return finish("hung");
    }
    if (fault?.status !== undefined && name) return send(faultReply(name, { ...fault, status: fault.status }));

    const reply = await route.handle(ctx);
    if (fault?.dropAfterCommit) {
      req.socket.destroy();
      return finish("dropped");
    }
    send(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const tooLarge = err instanceof BodyTooLarge;
      if (!tooLarge) log(`[${label}] handler error: ${err instanceof Error ? err.message : String(err)}`);
      if (res.headersSent || res.destroyed) return;
      res.writeHead(tooLarge ? 413 : 500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: tooLarge ? "request_too_large" : "server_error" }));
    });
  });
  // Idle keep-alive sockets stay open a minute (Node's default is 5 s): on a busy machine a client
  // can pick an idle socket just as a 5 s timer closes it, and the request fails as a network error
  // nobody injected. Clients see the longer timeout in the Keep-Alive header.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A storm of simultaneous connects (the token tests open 2000 at once) must queue, not be
    // dropped into TCP retransmits: a backlog above Node's default 511 (the kernel caps it anyway).
    server.listen({ port: opts.port, host: "127.0.0.1", backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
