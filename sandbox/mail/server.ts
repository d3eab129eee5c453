import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Inbox } from "./inbox";
import { inboxPage, messagePage } from "./pages";

export interface RunningMailCatcher {
  /** SMTP_URL for the portal, e.g. smtp://127.0.0.1:4025 */
  smtpUrl: string;
  /** The inbox: HTML at /, JSON at /api/messages (?to=), DELETE /api/messages clears it. */
  inboxUrl: string;
  inbox: Inbox;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter(Boolean);
}

/**
 * A mail catcher for local runs and tests: a real SMTP server (plain, no auth: loopback only) that
 * keeps every message in memory, and an HTTP inbox to read them. Port 0 picks a free port.
 */
export async function startMailCatcher(opts: {
  smtpPort: number;
  httpPort: number;
  log?: (line: string) => void;
}): Promise<RunningMailCatcher> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const inbox = new Inbox();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          const mail = inbox.add({
            from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            to: envelopeTo.length ? envelopeTo : addresses(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
          });
          log(`[mail] ${mail.to.join(", ")}: ${mail.subject}`);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(opts.smtpPort, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const sockets = new Set<Socket>();
  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const html = (status: number, body: string) =>
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    if (url.pathname === "/api/messages" && req.method === "GET")
      return json(200, { messages: inbox.list(url.searchParams.get("to") ?? undefined) });
    if (url.pathname === "/api/messages" && req.method === "DELETE") {
      inbox.clear();
      return res.writeHead(204).end();
    }
    if (req.method !== "GET") return json(405, { error: "method_not_allowed" });
    if (url.pathname === "/") return html(200, inboxPage(inbox.list(url.searchParams.get("to") ?? undefined)));
    const match = /^\/messages\/([0-9a-f-]{36})$/.exec(url.pathname);
    const mail = match ? inbox.get(match[1]!) : undefined;
    if (mail) return html(200, messagePage(mail));
    return json(404, { error: "not_found" });
  });
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.httpPort, "127.0.0.1", () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    inboxUrl: `http://127.0.0.1:${httpPort}`,
    inbox,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((r) => http.close(() => r())),
        new Promise<void>((r) => smtp.close(() => r())),
      ]);
    },
  };
}
