import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser, type AdminUser } from "@/lib/auth/guards";
import { parseListParams } from "@/lib/connections/read/list-params";
import { AdminView } from "./_components/admin-view";
import { StaffView } from "./_components/staff-view";

export async function generateMetadata() {
  const t = await getTranslations("connections");
  return { title: t("metaTitle") };
}

// /dashboard — connections: a customer admin sees their workspace, partner staff see all (read-only).
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("/dashboard");
  // The database guarantees an admin has a workspace; anyone else without one sees nothing.
  if (user.role !== "partner_staff" && !user.workspaceId) notFound();
  const raw = await searchParams;
  const { params, ignored } = parseListParams(raw);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        {user.role === "partner_staff" ? (
          <StaffView user={user} params={params} ignored={ignored} notice={raw.notice} />
        ) : (
          <AdminView user={user as AdminUser} params={params} notice={raw.notice} />
        )}
      </main>
    </>
  );
}
