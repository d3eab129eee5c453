import type { Metadata } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import "./globals.css";

// Every page depends on the session or the configuration; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Partner Connect Portal", robots: { index: false } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {env().usesSandboxProviders && (
          <div role="status" className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
            Sandbox mode: Pleo and Pliant are the local emulators, not the real providers.
          </div>
        )}
        {children}
      </body>
    </html>
  );
}
