// GET /login — Pliant's entry: validate the (signed) redirect, store it, continue to the confirm page.
import type { NextRequest } from "next/server";
import { entryCookieName, entryCookieOptions } from "@/lib/connections/pliant-entry-cookie";
import { ENTRY_TTL_MS, acceptPliantLogin } from "@/lib/connections/pliant-login";

export const dynamic = "force-dynamic";

// Nothing here may be cached, and the signed URL must not leak onward in a Referer.
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

const EXPLANATIONS = {
  untrusted: "The link that brought you here does not come from a Pliant address this portal trusts, so you were not sent anywhere and nothing was changed.",
  replayed: "This Pliant link was already used: each link works once, in the browser that opened it first (if you clicked twice, that is why). Nothing was changed.",
} as const;

/** A plain page (no redirect anywhere): the way back to Pliant is unknown or must not be used. */
function errorPage(problem: keyof typeof EXPLANATIONS): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not accepted · Partner Connect Portal</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.5rem">This link was not accepted</h1>
<p role="alert" data-testid="login-error" style="border:1px solid #fecaca;background:#fef2f2;color:#7f1d1d;padding:.75rem 1rem;border-radius:.375rem">
${EXPLANATIONS[problem]}
Please start the connection again from your organization's Integrations page in Pliant.</p>
<p><a href="/dashboard">Go to your connections</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { ...PRIVATE, "Content-Type": "text/html; charset=utf-8" } });
}

export async function GET(request: NextRequest): Promise<Response> {
  const outcome = await acceptPliantLogin(request.nextUrl.searchParams, { cookie: request.cookies.get(entryCookieName())?.value });
  if (outcome.kind === "untrusted" || outcome.kind === "replayed") return errorPage(outcome.kind);
  if (outcome.kind === "refused") return new Response(null, { status: 303, headers: { ...PRIVATE, Location: outcome.location } });
  // A relative Location keeps the browser on the host that just received the binding cookie.
  const response = new Response(null, { status: 303, headers: { ...PRIVATE, Location: `/connect/pliant/${outcome.entryId}` } });
  const o = entryCookieOptions(ENTRY_TTL_MS / 1000);
  response.headers.append("Set-Cookie", `${entryCookieName()}=${outcome.cookie}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`);
  return response;
}
