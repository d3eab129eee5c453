import Link from "next/link";
import type { SessionUser } from "@/lib/auth/users";
import { signOutAction } from "@/app/dashboard/actions";

export function PageHeader({ user }: { user: SessionUser }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/dashboard" className="font-semibold text-indigo-800">
          Partner Connect Portal
        </Link>
        <div className="flex items-center gap-4 text-sm">
          <span>
            <span className="font-medium" data-testid="signed-in-email">{user.email}</span>
            <span className="mx-2 text-slate-400">·</span>
            <span data-testid="workspace-name">{user.role === "partner_staff" ? "Partner staff" : user.workspaceName}</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
