import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { getWhen } from "@/app/_components/get-when";
import { requireAdmin } from "@/lib/auth/guards";
import { listOpenInvitations } from "@/lib/people/invitations";
import { listWorkspaceAdmins } from "@/lib/people/workspaces";
import { PendingInvitations } from "../_components/pending-invitations";
import { ResultBanner } from "../_components/result-banner";
import { inviteAction, removeAdminAction } from "../people-actions";

export async function generateMetadata() {
  const t = await getTranslations("team");
  return { title: t("metaTitle") };
}

const NOTICES = ["invited", "resent", "withdrawn", "removed"] as const;
const ERRORS = [
  "invalid-input",
  "not-allowed",
  "not-found",
  "already-user",
  "already-invited",
  "last-admin",
  "self",
] as const;

// /settings/team — a customer admin sees, invites and removes the admins of their own workspace.
export default async function TeamPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireAdmin("/settings/team");
  const params = await searchParams;
  const [admins, invitations, t, when] = await Promise.all([
    listWorkspaceAdmins(user, user.workspaceId),
    listOpenInvitations(user, user.workspaceId),
    getTranslations("team"),
    getWhen(),
  ]);
  const notice = NOTICES.find((n) => n === params.notice);
  const error = ERRORS.find((e) => e === params.error);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto max-w-3xl px-4 py-8">
        <h1 className="mb-6 text-2xl font-semibold">{t("heading", { workspace: user.workspaceName })}</h1>
        <ResultBanner tone="success" text={notice && t(`notices.${notice}`)} />
        <ResultBanner tone="error" text={error && t(`errors.${error}`)} />
        <ul
          className="mb-8 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
          data-testid="admins"
        >
          {admins
            .filter((a) => !a.deactivated)
            .map((a) => (
              <li
                key={a.id}
                data-testid="admin"
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-2"
              >
                <span>
                  <span className="font-medium">{a.email}</span>
                  {a.id === user.id && <span className="ml-2 text-xs text-slate-600">({t("you")})</span>}
                  {!a.hasPassword && <span className="ml-2 text-xs text-slate-600">({t("sso")})</span>}
                </span>
                {a.id !== user.id && (
                  <form action={removeAdminAction}>
                    <input type="hidden" name="from" value="team" />
                    <input type="hidden" name="userId" value={a.id} />
                    <button
                      type="submit"
                      aria-label={t("removeLabel", { email: a.email })}
                      className="rounded-md border border-red-300 px-2 py-0.5 text-red-800 hover:bg-red-50"
                    >
                      {t("remove")}
                    </button>
                  </form>
                )}
              </li>
            ))}
        </ul>
        <h2 className="mb-2 text-lg font-semibold">{t("inviteHeading")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("inviteHint")}</p>
        <form action={inviteAction} className="mb-8 flex flex-wrap items-end gap-3">
          <input type="hidden" name="from" value="team" />
          <input type="hidden" name="role" value="customer_admin" />
          <div className="grow">
            {/* "Email" is fixed by DESIGN.md in every language. */}
            <label htmlFor="invite-email" className="block text-sm font-medium">
              Email
            </label>
            <input
              id="invite-email"
              name="email"
              type="email"
              required
              maxLength={320}
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </div>
          <button
            type="submit"
            className="rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800"
          >
            {t("inviteSubmit")}
          </button>
        </form>
        <h2 className="mb-2 text-lg font-semibold">{t("pendingHeading")}</h2>
        <PendingInvitations
          invitations={invitations}
          from="team"
          labels={{
            expires: (i) => t("expires", { when: when(i.expiresAt) }),
            expired: t("expired"),
            resend: t("resend"),
            withdraw: t("withdraw"),
            empty: t("noPending"),
          }}
        />
      </main>
    </>
  );
}
