// GET /login — Pliant's entry: validate the (signed) redirect, store it, continue to the confirm page.
import type { NextRequest } from "next/server";
import { createTranslator } from "use-intl/core";
import { entryCookieName, entryCookieOptions } from "@/lib/connections/pliant/entry/browser-binding";
import { ENTRY_TTL_MS, acceptPliantLogin } from "@/lib/connections/pliant/entry/accept";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/i18n/locales";
import { CATALOGS, missingMessage } from "@/lib/i18n/messages";

export const dynamic = "force-dynamic";

// Nothing here may be cached, and the signed URL must not leak onward in a Referer.
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/**
 * The language of a page served before any session is read: the switcher's cookie, else
 * Accept-Language (lib/i18n/request-locale.ts without the signed-in user's choice, which would
 * need the session here).
 */
function localeOf(request: NextRequest): Locale {
  const chosen = request.cookies.get(LOCALE_COOKIE)?.value;
  return isLocale(chosen) ? chosen : (negotiateLocale(request.headers.get("accept-language")) ?? DEFAULT_LOCALE);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A plain page (no redirect anywhere): the way back to Pliant is unknown or must not be used. */
function errorPage(problem: "untrusted" | "replayed", locale: Locale): Response {
  const translate = createTranslator({
    locale,
    messages: CATALOGS[locale],
    getMessageFallback: missingMessage,
    onError: () => {},
  });
  const t = (key: string) => escapeHtml(translate(`pliantLogin.${key}` as never));
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${t("title")}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.5rem">${t("heading")}</h1>
<p role="alert" data-testid="login-error" style="border:1px solid #fecaca;background:#fef2f2;color:#7f1d1d;padding:.75rem 1rem;border-radius:.375rem">
${t(problem)}
${t("again")}</p>
<p><a href="/dashboard">${t("back")}</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { ...PRIVATE, "Content-Type": "text/html; charset=utf-8" } });
}

export async function GET(request: NextRequest): Promise<Response> {
  const outcome = await acceptPliantLogin(request.nextUrl.searchParams, {
    cookie: request.cookies.get(entryCookieName())?.value,
  });
  if (outcome.kind === "untrusted" || outcome.kind === "replayed") return errorPage(outcome.kind, localeOf(request));
  if (outcome.kind === "refused")
    return new Response(null, { status: 303, headers: { ...PRIVATE, Location: outcome.location } });
  // A relative Location keeps the browser on the host that just received the binding cookie.
  const response = new Response(null, {
    status: 303,
    headers: { ...PRIVATE, Location: `/connect/pliant/${outcome.entryId}` },
  });
  const o = entryCookieOptions(ENTRY_TTL_MS / 1000);
  response.headers.append(
    "Set-Cookie",
    `${entryCookieName()}=${outcome.cookie}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`,
  );
  return response;
}
