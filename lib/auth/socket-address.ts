import "server-only";
import http from "node:http";
import https from "node:https";
import { SOCKET_ADDRESS_HEADER, SOCKET_FORWARDED_FOR_HEADER } from "./client-address";

const STAMPED = Symbol.for("partner-portal.socket-address-stamped");

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Next 16 gives route handlers, server actions and Auth.js's `authorize` no socket (no
 * `request.ip`), and only fills X-Forwarded-For with the peer when the client sent none, so the
 * header alone is the client's to choose. This stamps every incoming request of this process,
 * before Next sees it, with the TCP peer's address and the X-Forwarded-For as received, under
 * headers no client can set (any value a client sends under those names is replaced or removed).
 * Called from instrumentation.ts, which runs in the server process before it serves requests.
 */
export function stampSocketAddresses(): void {
  stamp(http.Server.prototype);
  stamp(https.Server.prototype);
}

function stamp(proto: http.Server & { [STAMPED]?: true }): void {
  if (proto[STAMPED]) return;
  proto[STAMPED] = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
  const emit = proto.emit as Emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: [unknown, ...unknown[]]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[SOCKET_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
      const forwarded = req.headers["x-forwarded-for"];
      if (forwarded === undefined) delete req.headers[SOCKET_FORWARDED_FOR_HEADER];
      else req.headers[SOCKET_FORWARDED_FOR_HEADER] = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
