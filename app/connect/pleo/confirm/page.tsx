import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { findVisibleConnection } from "@/lib/connections/read/queries";
import { confirmPleoConnectAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("pleoConfirm");
  return { title: t("metaTitle") };
}

// /connect/pleo/confirm — another site sent the admin to /connect/pleo: one click to go on, or not.
export default async function ConfirmPleoPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { connection } = await searchParams;
  const here = `/connect/pleo/confirm${typeof connection === "string" ? `?connection=${encodeURIComponent(connection)}` : ""}`;
  const user = await requireUser(here);
  if (user.role !== "customer_admin" || !user.workspaceId) redirect("/dashboard?notice=admins-only");
  const target = typeof connection === "string" ? await findVisibleConnection(user, connection) : undefined;
  if (typeof connection === "string" && (!target || target.provider !== "pleo"))
    redirect("/dashboard?notice=connection-not-found");
  const t = await getTranslations("pleoConfirm");
  const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto mt-12 max-w-xl px-4">
        <h1 className="mb-4 text-2xl font-semibold">{target ? t("headingReconnect") : t("headingConnect")}</h1>
        <p className="mb-6 text-slate-700" data-testid="pleo-confirm-text">
          {t("intro")}{" "}
          {target
            ? t.rich("reconnectBody", {
                name: target.externalName ?? t("thisConnection"),
                workspace: user.workspaceName ?? "",
                strong,
              })
            : t.rich("connectBody", { workspace: user.workspaceName ?? "", strong })}
        </p>
        <div className="flex gap-3">
          <form action={confirmPleoConnectAction}>
            {target ? <input type="hidden" name="connection" value={target.id} /> : null}
            <button
              type="submit"
              className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
            >
              {t("continue")}
            </button>
          </form>
          {/* "Cancel" is fixed by DESIGN.md in every language. */}
          <Link
            href="/dashboard"
            className="rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-50"
          >
            Cancel
          </Link>
        </div>
      </main>
    </>
  );
}
