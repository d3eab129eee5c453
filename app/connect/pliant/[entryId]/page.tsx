import Link from "next/link";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/_components/page-header";
import { requireUser } from "@/lib/auth/guards";
import { entryCookieName, entryCookieMatches } from "@/lib/connections/pliant-entry-cookie";
import { findPliantEntry, organizationName } from "@/lib/connections/pliant-entries";
import { approveAction, cancelAction } from "./actions";

export const metadata = { title: "Connect Pliant · Partner Connect Portal" };

const PROBLEMS = {
  browser: "This confirmation link belongs to another browser session. Start again from your organization's Integrations page in Pliant; nothing was changed.",
  used: "This Pliant connection request was already answered. Each request works once; nothing was changed. To connect again, start from Pliant.",
  expired: "This Pliant connection request expired (requests last 30 minutes). Nothing was changed; start again from Pliant.",
  staff: "Partner staff cannot connect a customer's Pliant organization. The customer's admin must sign in and approve it.",
} as const;

function Problem({ text }: { text: string }) {
  return (
    <p role="alert" data-testid="flow-error" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
      {text}
    </p>
  );
}

/** One decision about the entry: a form posting its id to a server action that re-checks everything. */
function DecisionForm({ action, entryId, label, className }: { action: (form: FormData) => Promise<void>; entryId: string; label: string; className: string }) {
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
  const entry = await findPliantEntry(entryId);
  if (!entry) notFound();
  const user = await requireUser(`/connect/pliant/${entry.id}`);
  const bound = entryCookieMatches(entry.id, (await cookies()).get(entryCookieName())?.value);
  // A decided or expired entry says so to anyone (the binding cookie is cleared once it is used).
  const problem = entry.state !== "awaiting" ? PROBLEMS[entry.state] : !bound ? PROBLEMS.browser : user.role !== "customer_admin" ? PROBLEMS.staff : undefined;
  const name = problem ? null : await organizationName(entry.organizationId);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto mt-12 max-w-xl px-4">
        <h1 className="mb-4 text-2xl font-semibold">Connect a Pliant organization</h1>
        {problem ? (
          <>
            <Problem text={problem} />
            <p className="mt-6">
              <Link href="/dashboard" className="font-medium text-indigo-700 underline">
                Back to your connections
              </Link>
            </p>
          </>
        ) : (
          <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p className="mb-4">Pliant asks to share this organization&apos;s card data with your workspace. Approve only if you started this in Pliant.</p>
            <dl className="mb-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="text-slate-600">Pliant organization</dt>
              <dd data-testid="pliant-organization" className="font-medium">
                {name ?? <span className="font-mono">{entry.organizationId}</span>}
                {name && <span className="ml-2 font-mono text-xs text-slate-500">{entry.organizationId}</span>}
              </dd>
              <dt className="text-slate-600">Your workspace</dt>
              <dd data-testid="pliant-workspace" className="font-medium">{user.workspaceName}</dd>
            </dl>
            <div className="flex gap-3">
              <DecisionForm action={approveAction} entryId={entry.id} label="Approve" className="bg-indigo-700 text-white hover:bg-indigo-800" />
              <DecisionForm action={cancelAction} entryId={entry.id} label="Cancel" className="border border-slate-300 bg-white hover:bg-slate-100" />
            </div>
          </section>
        )}
      </main>
    </>
  );
}
