import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

const BODY_LIMIT = 1 << 20;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > BODY_LIMIT) throw new BodyTooLarge("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function contentType(headers: IncomingHttpHeaders): string {
  return (headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The form body, or undefined when the request is not form-encoded. */
export function formBody(headers: IncomingHttpHeaders, body: Buffer): URLSearchParams | undefined {
  if (contentType(headers) !== "application/x-www-form-urlencoded") return undefined;
  return new URLSearchParams(body.toString("utf8"));
}

/** The parsed JSON body, or undefined when absent, not JSON-typed or malformed. */
export function jsonBody(headers: IncomingHttpHeaders, body: Buffer): unknown {
  if (contentType(headers) !== "application/json" || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return m?.[1];
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined and base64-encoded. */
export function basicCredentials(headers: IncomingHttpHeaders): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.authorization ?? "");
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export function authScheme(headers: IncomingHttpHeaders): "basic" | "bearer" | "other" | "none" {
  const value = headers.authorization;
  if (!value) return "none";
  if (/^basic\s/i.test(value)) return "basic";
  if (/^bearer\s/i.test(value)) return "bearer";
  return "other";
}
