import { PageHeader } from "@/app/_components/page-header";
import { formatWhen } from "@/app/dashboard/_components/format";
import { requireStaff } from "@/lib/auth/guards";
import type { PersonDto } from "@/lib/people/workspaces";
import { listOpenInvitations, type InvitationDto } from "@/lib/people/invitations";
import { listStaff, listWorkspaceOverview } from "@/lib/people/workspaces";
import { digestEnabled } from "@/lib/people/email-preferences";
import { PendingInvitations } from "../_components/pending-invitations";
import { EmailPreferences } from "./_components/email-preferences";
import { ResultBanner } from "../_components/result-banner";
import { createWorkspaceAction, deactivateUserAction, inviteAction, reactivateUserAction, renameWorkspaceAction } from "../people-actions";

export const metadata = { title: "Workspaces · Partner Connect Portal" };

// Staff-only page: English only (docs/decisions/071), like the staff tools on the dashboard.
const NOTICES: Record<string, string> = {
  invited: "Invitation sent.",
  resent: "Invitation sent again with a new link.",
  withdrawn: "Invitation withdrawn.",
  deactivated: "User deactivated: they are signed out and cannot sign in.",
  reactivated: "User reactivated.",
  "workspace-created": "Workspace created.",
  "workspace-renamed": "Workspace renamed.",
};
const ERRORS: Record<string, string> = {
  "invalid-input": "Please check the form: a valid email address, and a name of 1–200 characters.",
  "not-allowed": "Only partner staff can do that.",
  "not-found": "That workspace, user or invitation no longer exists.",
  "already-user": "That email address already has an active account.",
  "already-invited": "That email address already has a pending invitation: resend it instead.",
  "workspace-exists": "A workspace with that name already exists.",
  "last-admin": "The last active admin of a workspace cannot be deactivated; invite another admin first.",
  self: "You cannot deactivate yourself.",
};

const field = "rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm";
const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";
const invitationLabels = { expires: (i: InvitationDto) => `Link expires ${formatWhen(i.expiresAt)}`, expired: "Link expired", resend: "Resend", withdraw: "Revoke invitation", empty: "No pending invitations." };

function Person({ p, self }: { p: PersonDto; self: boolean }) {
  return (
    <li data-testid="person" className="flex flex-wrap items-center justify-between gap-2 px-3 py-1.5">
      <span>
        <span className={p.deactivated ? "text-slate-500 line-through" : "font-medium"}>{p.email}</span>
        {!p.hasPassword && <span className="ml-2 text-xs text-slate-600">(single sign-on)</span>}
        {p.deactivated && <span className="ml-2 text-xs text-red-800">deactivated</span>}
      </span>
      {!self && (
        <form action={p.deactivated ? reactivateUserAction : deactivateUserAction}>
          <input type="hidden" name="from" value="workspaces" />
          <input type="hidden" name="userId" value={p.id} />
          <button type="submit" aria-label={`${p.deactivated ? "Reactivate" : "Deactivate"} ${p.email}`} className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            {p.deactivated ? "Reactivate" : "Deactivate"}
          </button>
        </form>
      )}
    </li>
  );
}

// /settings/workspaces — partner staff: workspaces (create, rename), their admins and connections, invitations, deactivation.
export default async function WorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireStaff("/settings/workspaces");
  const params = await searchParams;
  const [spaces, staff, staffInvitations, digest] = await Promise.all([listWorkspaceOverview(user), listStaff(user), listOpenInvitations(user, null), digestEnabled(user.id)]);
  const invitations = await Promise.all(spaces.map((w) => listOpenInvitations(user, w.id)));
  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  const error = typeof params.error === "string" && Object.hasOwn(ERRORS, params.error) ? ERRORS[params.error] : undefined;
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="mb-6 text-2xl font-semibold">Workspaces</h1>
        <ResultBanner tone="success" text={notice} />
        <ResultBanner tone="error" text={error} />
        <section className="mb-8 grid gap-4 md:grid-cols-2">
          <form action={createWorkspaceAction} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">New workspace</h2>
            <input type="hidden" name="from" value="workspaces" />
            <label htmlFor="new-workspace" className="block text-sm font-medium">Name</label>
            <div className="mt-1 flex gap-2">
              <input id="new-workspace" name="name" required maxLength={200} className={`${field} grow`} />
              <button type="submit" className={button}>Create workspace</button>
            </div>
          </form>
          <form action={inviteAction} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">Invite someone</h2>
            <input type="hidden" name="from" value="workspaces" />
            <div className="grid gap-2 sm:grid-cols-2">
              <div className="text-sm font-medium">
                <label htmlFor="invite-email">Email</label>
                <input id="invite-email" name="email" type="email" required maxLength={320} className={`${field} mt-1 block w-full`} />
              </div>
              <div className="text-sm font-medium">
                <label htmlFor="invite-as">As</label>
                <select id="invite-as" name="workspaceId" className={`${field} mt-1 block w-full`} defaultValue={spaces[0]?.id ?? ""}>
                  {spaces.map((w) => (
                    <option key={w.id} value={w.id}>Admin of {w.name}</option>
                  ))}
                  <option value="">Partner staff</option>
                </select>
              </div>
            </div>
            <InviteRoleNote />
            <button type="submit" className={`${button} mt-2`}>Send invitation</button>
          </form>
        </section>
        <ul className="space-y-4">
          {spaces.map((w, index) => (
            <li key={w.id} data-testid="workspace" className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-3">
                <h2 className="text-lg font-semibold">{w.name}</h2>
                <a href={`/dashboard?workspace=${w.id}`} className="text-sm text-indigo-800 underline">
                  {w.connections.total === 1 ? "1 connection" : `${w.connections.total} connections`}, {w.connections.active} active
                </a>
              </div>
              <form action={renameWorkspaceAction} className="mt-2 flex flex-wrap gap-2">
                <input type="hidden" name="from" value="workspaces" />
                <input type="hidden" name="workspaceId" value={w.id} />
                <label htmlFor={`rename-${w.id}`} className="sr-only">New name for {w.name}</label>
                <input id={`rename-${w.id}`} name="name" defaultValue={w.name} required maxLength={200} className={field} />
                <button type="submit" className={button}>Rename</button>
              </form>
              <h3 className="mt-3 text-sm font-semibold text-slate-700">Admins</h3>
              {w.admins.length === 0 ? (
                <p className="text-sm text-slate-600">No admins yet: invite one.</p>
              ) : (
                <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                  {w.admins.map((p) => <Person key={p.id} p={p} self={p.id === user.id} />)}
                </ul>
              )}
              <h3 className="mt-3 mb-1 text-sm font-semibold text-slate-700">Pending invitations</h3>
              <PendingInvitations invitations={invitations[index]!} from="workspaces" labels={invitationLabels} />
            </li>
          ))}
          <li data-testid="staff" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="text-lg font-semibold">Partner staff</h2>
            <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
              {staff.map((p) => <Person key={p.id} p={p} self={p.id === user.id} />)}
            </ul>
            <h3 className="mt-3 mb-1 text-sm font-semibold text-slate-700">Pending invitations</h3>
            <PendingInvitations invitations={staffInvitations} from="workspaces" labels={invitationLabels} />
          </li>
        </ul>
        <div className="mt-8">
          <EmailPreferences digest={digest} saved={params.notice === "email-preferences"} />
        </div>
      </main>
    </>
  );
}

function InviteRoleNote() {
  return <p className="mt-2 text-xs text-slate-600">They get an email with a single-use link, valid for 7 days, to choose a password (or to use single sign-on).</p>;
}
