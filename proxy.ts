// Every request: a request id (kept from x-request-id when plain, else new; on every log line of the
// request, lib/request-context.ts), a fresh CSP nonce (Next puts it on its own scripts) and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { malformedApiPathProblem } from "@/lib/api/malformed-path";
import { env } from "@/lib/env";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/request-id";
import { HSTS } from "@/lib/security/static-headers";
import { contentSecurityPolicy } from "@/lib/security/csp";

export function proxy(request: NextRequest) {
  const malformed = malformedApiPathProblem(request.nextUrl.pathname);
  if (malformed) return malformed;
  const e = env();
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // Pleo's authorize page: where the cross-site confirmation's form post leads (/connect/pleo/confirm).
  const formTargets = [
    ...e.PLIANT_APP_URL,
    ...(e.AUTH_OIDC_ISSUER ? [new URL(e.AUTH_OIDC_ISSUER).origin] : []),
    new URL(e.PLEO_AUTH_URL).origin,
  ];
  const csp = contentSecurityPolicy({ nonce, formTargets, development: e.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set("Content-Security-Policy", csp);
  if (e.NODE_ENV === "production") response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages and route handlers; static assets carry the static headers of next.config.ts.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|favicon.svg|robots.txt).*)" }],
};
