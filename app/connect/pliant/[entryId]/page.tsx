import Link from "next/link";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { entryCookieName } from "@/lib/connections/pliant/entry/browser-binding";
import { findPliantEntry, organizationName } from "@/lib/connections/pliant/entry/store";
import { approveAction, cancelAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("pliantConfirm");
  return { title: t("metaTitle") };
}

function Problem({ text }: { text: string }) {
  return (
    <p
      role="alert"
      data-testid="flow-error"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900"
    >
      {text}
    </p>
  );
}

/** One decision about the entry: a form posting its id to a server action that re-checks everything. */
function DecisionForm({
  action,
  entryId,
  label,
  className,
}: {
  action: (form: FormData) => Promise<void>;
  entryId: string;
  label: string;
  className: string;
}) {
  return (
    <form action={action}>
      <input type="hidden" name="entryId" value={entryId} />
      <button type="submit" className={`rounded-md px-4 py-2 font-medium ${className}`}>
        {label}
      </button>
    </form>
  );
}

// /connect/pliant/[entryId] — the signed-in admin confirms which workspace gets the Pliant organization.
export default async function ConfirmPliantPage({ params }: { params: Promise<{ entryId: string }> }) {
  const { entryId } = await params;
  const entry = await findPliantEntry(entryId, (await cookies()).get(entryCookieName())?.value);
  if (!entry) notFound();
  const user = await requireUser(`/connect/pliant/${entry.id}`);
  // A decided or expired entry says so to anyone (the binding cookie is cleared once it is used).
  const t = await getTranslations("pliantConfirm");
  // The sentences are in the catalog (pliantConfirm.problems): browser, used, expired, staff.
  const problemCode =
    entry.state !== "awaiting"
      ? entry.state
      : !entry.bound
        ? "browser"
        : user.role !== "customer_admin"
          ? "staff"
          : undefined;
  const problem = problemCode ? t(`problems.${problemCode}`) : undefined;
  const name = problem ? null : await organizationName(entry.organizationId);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto mt-12 max-w-xl px-4">
        <h1 className="mb-4 text-2xl font-semibold">{t("heading")}</h1>
        {problem ? (
          <>
            <Problem text={problem} />
            <p className="mt-6">
              <Link href="/dashboard" className="font-medium text-indigo-700 underline">
                {t("back")}
              </Link>
            </p>
          </>
        ) : (
          <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p className="mb-4">{t("intro")}</p>
            <dl className="mb-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-slate-600">{t("organization")}</dt>
              <dd data-testid="pliant-organization" className="font-medium">
                {name ?? <span className="font-mono">{entry.organizationId}</span>}
                {name && <span className="ml-2 font-mono text-xs text-slate-500">{entry.organizationId}</span>}
              </dd>
              <dt className="text-slate-600">{t("workspace")}</dt>
              <dd data-testid="pliant-workspace" className="font-medium">
                {user.workspaceName}
              </dd>
            </dl>
            <div className="flex gap-3">
              <DecisionForm
                action={approveAction}
                entryId={entry.id}
                label="Approve"
                className="bg-indigo-700 text-white hover:bg-indigo-800"
              />
              <DecisionForm
                action={cancelAction}
                entryId={entry.id}
                label="Cancel"
                className="border border-slate-300 bg-white hover:bg-slate-100"
              />
            </div>
          </section>
        )}
      </main>
    </>
  );
}
