import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { clientMessages } from "@/lib/i18n/client-messages";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import { TimeZoneCookie } from "./_components/time-zone-cookie";
import "./globals.css";

// Every page depends on the session or the configuration; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Partner Connect Portal",
  robots: { index: false, follow: false },
  // public/favicon.svg, the product's mark; public/robots.txt disallows everything.
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, timeZone, t] = await Promise.all([getLocale(), getTimeZone(), getTranslations("layout")]);
  const e = env();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {/* Only what client components translate with (lib/i18n/client-messages.ts), not the whole catalog. */}
        <NextIntlClientProvider messages={clientMessages(isLocale(locale) ? locale : DEFAULT_LOCALE)}>
          {e.mode === "local" && (
            <div
              role="status"
              data-testid="local-mode-banner"
              className="bg-sky-100 px-4 py-1.5 text-center text-sm text-sky-900"
            >
              {t("localBanner")}
            </div>
          )}
          {e.usesSandboxProviders && (
            <div role="status" className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
              {t("sandboxBanner")}
              {e.MAIL_CATCHER_URL && (
                <>
                  {" "}
                  <a href={e.MAIL_CATCHER_URL} className="font-medium underline" data-testid="sandbox-inbox-link">
                    {t("sandboxInbox")}
                  </a>
                </>
              )}
            </div>
          )}
          {children}
          <TimeZoneCookie serverTimeZone={timeZone} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
