// Every request: a fresh CSP nonce (Next puts it on its own scripts) and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { malformedApiPathProblem } from "@/lib/api/malformed-path";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security/csp";

export function proxy(request: NextRequest) {
  const malformed = malformedApiPathProblem(request.nextUrl.pathname);
  if (malformed) return malformed;
  const e = env();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const formTargets = [...e.PLIANT_APP_URL, ...(e.AUTH_OIDC_ISSUER ? [new URL(e.AUTH_OIDC_ISSUER).origin] : [])];
  const csp = contentSecurityPolicy({ nonce, formTargets, development: e.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (e.NODE_ENV === "production") response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  // Pages and route handlers; static assets carry the static headers of next.config.ts.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
