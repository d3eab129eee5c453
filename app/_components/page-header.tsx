import Link from "next/link";
import { useTranslations } from "next-intl";
import type { SessionUser } from "@/lib/auth/users";
import { signOutAction } from "@/app/dashboard/actions";
import { LanguageSwitcher } from "./language-switcher";

/** Where each role's settings live (DESIGN.md routes); staff tools first by frequency of use. */
const STAFF_LINKS = [
  { href: "/settings/workspaces", label: "workspaces" },
  { href: "/settings/api-keys", label: "apiKeys" },
  { href: "/settings/webhooks", label: "webhooks" },
  { href: "/dashboard/jobs", label: "jobs" },
] as const;
const ADMIN_LINKS = [{ href: "/settings/team", label: "team" }] as const;

export function PageHeader({ user }: { user: SessionUser }) {
  const t = useTranslations("header");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/dashboard" className="font-semibold text-indigo-800">
          {t("product")}
        </Link>
        {/* ml-auto: when the bar wraps (long labels, e.g. German for staff), this group stays on the right. */}
        <div className="ml-auto flex flex-wrap items-center justify-end gap-4 text-sm">
          <nav aria-label={t("navigation")} className="flex flex-wrap gap-3">
            {(user.role === "partner_staff" ? STAFF_LINKS : ADMIN_LINKS).map((l) => (
              <Link key={l.href} href={l.href} className="text-indigo-800 underline-offset-2 hover:underline">
                {t(l.label)}
              </Link>
            ))}
          </nav>
          <span>
            <span className="font-medium" data-testid="signed-in-email">
              {user.email}
            </span>
            <span className="mx-2 text-slate-400">·</span>
            <span data-testid="workspace-name">
              {user.role === "partner_staff" ? t("partnerStaff") : user.workspaceName}
            </span>
          </span>
          <LanguageSwitcher />
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">
              {t("signOut")}
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
