import type { Metadata } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import "./globals.css";

// Every page depends on the session or the configuration; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Partner Connect Portal",
  robots: { index: false, follow: false },
  // public/favicon.svg, the product's mark; public/robots.txt disallows everything.
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const e = env();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {e.mode === "local" && (
          <div role="status" data-testid="local-mode-banner" className="bg-sky-100 px-4 py-1.5 text-center text-sm text-sky-900">
            Local mode: demo data (admin@acme.test, staff@partner.test); never used in production.
          </div>
        )}
        {e.usesSandboxProviders && (
          <div role="status" className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
            Sandbox mode: Pleo and Pliant are the local emulators, not the real providers.
          </div>
        )}
        {children}
      </body>
    </html>
  );
}
