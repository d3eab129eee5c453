import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";

export const metadata = { title: "Connections · Partner Connect Portal" };

// /dashboard — connections: a customer admin sees their workspace, partner staff see all.
export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const heading = user.role === "partner_staff" ? "All connections" : `Connections of ${user.workspaceName}`;
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="mb-6 text-2xl font-semibold">{heading}</h1>
        <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-medium">No connections yet</h2>
          <p className="mt-2 text-sm text-slate-600">
            Connected Pleo companies and Pliant organizations will appear here with their status and token health.
          </p>
        </section>
      </main>
    </>
  );
}
