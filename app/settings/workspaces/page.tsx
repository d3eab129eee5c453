import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import { PageHeader } from "@/app/_components/page-header";
import { requireStaff } from "@/lib/auth/guards";
import type { PersonDto } from "@/lib/people/workspaces";
import { listOpenInvitations } from "@/lib/people/invitations";
import { listStaff, listWorkspaceOverview } from "@/lib/people/workspaces";
import { digestEnabled } from "@/lib/people/email-preferences";
import { PendingInvitations } from "../_components/pending-invitations";
import { EmailPreferences } from "./_components/email-preferences";
import { ResultBanner } from "../_components/result-banner";
import {
  createWorkspaceAction,
  deactivateUserAction,
  inviteAction,
  reactivateUserAction,
  renameWorkspaceAction,
} from "../people-actions";

export async function generateMetadata() {
  const t = await getTranslations("workspaces");
  return { title: t("metaTitle") };
}

const NOTICES = [
  "invited",
  "resent",
  "withdrawn",
  "deactivated",
  "reactivated",
  "workspace-created",
  "workspace-renamed",
] as const;
const ERRORS = [
  "invalid-input",
  "not-allowed",
  "not-found",
  "already-user",
  "already-invited",
  "workspace-exists",
  "last-admin",
  "self",
] as const;

const field = "rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm";
const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";

function Person({ p, self }: { p: PersonDto; self: boolean }) {
  const t = useTranslations("workspaces");
  return (
    <li data-testid="person" className="flex flex-wrap items-center justify-between gap-2 px-3 py-1.5">
      <span>
        <span className={p.deactivated ? "text-slate-500 line-through" : "font-medium"}>{p.email}</span>
        {!p.hasPassword && <span className="ml-2 text-xs text-slate-600">({t("sso")})</span>}
        {p.deactivated && <span className="ml-2 text-xs text-red-800">{t("deactivated")}</span>}
      </span>
      {!self && (
        <form action={p.deactivated ? reactivateUserAction : deactivateUserAction}>
          <input type="hidden" name="from" value="workspaces" />
          <input type="hidden" name="userId" value={p.id} />
          <button
            type="submit"
            aria-label={
              p.deactivated ? t("reactivateLabel", { email: p.email }) : t("deactivateLabel", { email: p.email })
            }
            className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
          >
            {p.deactivated ? t("reactivate") : t("deactivate")}
          </button>
        </form>
      )}
    </li>
  );
}

// /settings/workspaces — partner staff: workspaces (create, rename), their admins and connections, invitations, deactivation.
export default async function WorkspacesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireStaff("/settings/workspaces");
  const params = await searchParams;
  const [spaces, staff, staffInvitations, digest] = await Promise.all([
    listWorkspaceOverview(user),
    listStaff(user),
    listOpenInvitations(user, null),
    digestEnabled(user.id),
  ]);
  const [invitations, t, when] = await Promise.all([
    Promise.all(spaces.map((w) => listOpenInvitations(user, w.id))),
    getTranslations("workspaces"),
    getWhen(),
  ]);
  const notice = NOTICES.find((n) => n === params.notice);
  const error = ERRORS.find((e) => e === params.error);
  const invitationLabels = {
    expires: (i: { expiresAt: Date }) => t("expires", { when: when(i.expiresAt) }),
    expired: t("expired"),
    resend: t("resend"),
    withdraw: t("withdraw"),
    empty: t("noPending"),
  };
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="mb-6 text-2xl font-semibold">{t("heading")}</h1>
        <ResultBanner tone="success" text={notice && t(`notices.${notice}`)} />
        <ResultBanner tone="error" text={error && t(`errors.${error}`)} />
        <section className="mb-8 grid gap-4 md:grid-cols-2">
          <form action={createWorkspaceAction} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">{t("newWorkspace")}</h2>
            <input type="hidden" name="from" value="workspaces" />
            <label htmlFor="new-workspace" className="block text-sm font-medium">
              {t("name")}
            </label>
            <div className="mt-1 flex gap-2">
              <input id="new-workspace" name="name" required maxLength={200} className={`${field} grow`} />
              <button type="submit" className={button}>
                {t("create")}
              </button>
            </div>
          </form>
          <form action={inviteAction} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-semibold">{t("inviteHeading")}</h2>
            <input type="hidden" name="from" value="workspaces" />
            <div className="grid gap-2 sm:grid-cols-2">
              <div className="text-sm font-medium">
                {/* "Email" is fixed by DESIGN.md in every language. */}
                <label htmlFor="invite-email">Email</label>
                <input
                  id="invite-email"
                  name="email"
                  type="email"
                  required
                  maxLength={320}
                  className={`${field} mt-1 block w-full`}
                />
              </div>
              <div className="text-sm font-medium">
                <label htmlFor="invite-as">{t("as")}</label>
                <select
                  id="invite-as"
                  name="workspaceId"
                  className={`${field} mt-1 block w-full`}
                  defaultValue={spaces[0]?.id ?? ""}
                >
                  {spaces.map((w) => (
                    <option key={w.id} value={w.id}>
                      {t("adminOf", { workspace: w.name })}
                    </option>
                  ))}
                  <option value="">{t("partnerStaff")}</option>
                </select>
              </div>
            </div>
            <InviteRoleNote />
            <button type="submit" className={`${button} mt-2`}>
              {t("inviteSubmit")}
            </button>
          </form>
        </section>
        <ul className="space-y-4">
          {spaces.map((w, index) => (
            <li key={w.id} data-testid="workspace" className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-3">
                <h2 className="text-lg font-semibold">{w.name}</h2>
                <a href={`/dashboard?workspace=${w.id}`} className="text-sm text-indigo-800 underline">
                  {t("connections", { total: w.connections.total, active: w.connections.active })}
                </a>
              </div>
              <form action={renameWorkspaceAction} className="mt-2 flex flex-wrap gap-2">
                <input type="hidden" name="from" value="workspaces" />
                <input type="hidden" name="workspaceId" value={w.id} />
                <label htmlFor={`rename-${w.id}`} className="sr-only">
                  {t("renameLabel", { workspace: w.name })}
                </label>
                <input
                  id={`rename-${w.id}`}
                  name="name"
                  defaultValue={w.name}
                  required
                  maxLength={200}
                  className={field}
                />
                <button type="submit" className={button}>
                  {t("rename")}
                </button>
              </form>
              <h3 className="mt-3 text-sm font-semibold text-slate-700">{t("admins")}</h3>
              {w.admins.length === 0 ? (
                <p className="text-sm text-slate-600">{t("noAdmins")}</p>
              ) : (
                <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                  {w.admins.map((p) => (
                    <Person key={p.id} p={p} self={p.id === user.id} />
                  ))}
                </ul>
              )}
              <h3 className="mt-3 mb-1 text-sm font-semibold text-slate-700">{t("pendingHeading")}</h3>
              <PendingInvitations invitations={invitations[index]!} from="workspaces" labels={invitationLabels} />
            </li>
          ))}
          <li data-testid="staff" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="text-lg font-semibold">{t("partnerStaff")}</h2>
            <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
              {staff.map((p) => (
                <Person key={p.id} p={p} self={p.id === user.id} />
              ))}
            </ul>
            <h3 className="mt-3 mb-1 text-sm font-semibold text-slate-700">{t("pendingHeading")}</h3>
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
  const t = useTranslations("workspaces");
  return <p className="mt-2 text-xs text-slate-600">{t("inviteNote")}</p>;
}
