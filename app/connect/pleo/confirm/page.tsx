import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { findVisibleConnection } from "@/lib/connections/queries";
import { confirmPleoConnectAction } from "./actions";

export const metadata = { title: "Connect Pleo · Partner Connect Portal" };

// /connect/pleo/confirm — another site sent the admin to /connect/pleo: one click to go on, or not.
export default async function ConfirmPleoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { connection } = await searchParams;
  const here = `/connect/pleo/confirm${typeof connection === "string" ? `?connection=${encodeURIComponent(connection)}` : ""}`;
  const user = await requireUser(here);
  if (user.role !== "customer_admin" || !user.workspaceId) redirect("/dashboard?notice=admins-only");
  const target = typeof connection === "string" ? await findVisibleConnection(user, connection) : undefined;
  if (typeof connection === "string" && (!target || target.provider !== "pleo")) redirect("/dashboard?notice=connection-not-found");
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto mt-12 max-w-xl px-4">
        <h1 className="mb-4 text-2xl font-semibold">{target ? "Reconnect Pleo?" : "Connect Pleo?"}</h1>
        <p className="mb-6 text-slate-700" data-testid="pleo-confirm-text">
          Another website sent you here. Continue only if you started this yourself:{" "}
          {target ? (
            <>
              <strong>{target.externalName ?? "this Pleo connection"}</strong> of <strong>{user.workspaceName}</strong> will be re-authorized in Pleo.
            </>
          ) : (
            <>
              a Pleo account will be connected to <strong>{user.workspaceName}</strong>.
            </>
          )}
        </p>
        <div className="flex gap-3">
          <form action={confirmPleoConnectAction}>
            {target ? <input type="hidden" name="connection" value={target.id} /> : null}
            <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
              Continue to Pleo
            </button>
          </form>
          <Link href="/dashboard" className="rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-50">
            Cancel
          </Link>
        </div>
      </main>
    </>
  );
}
