import { getTranslations } from "next-intl/server";
import { LinkProblem } from "@/app/_components/link-problem";
import { PublicHeader } from "@/app/_components/public-header";
import { SetPasswordForm } from "@/app/_components/set-password-form";
import { env } from "@/lib/env";
import { lookupInvitation } from "@/lib/people/invitations";
import { acceptWithPasswordAction, acceptWithSsoAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("invite");
  return { title: t("metaTitle") };
}

// /invite/[token] — accept an invitation: choose a password (or single sign-on), then signed in.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, t] = await Promise.all([lookupInvitation(token), getTranslations("invite")]);
  return (
    <>
      <PublicHeader />
      <main className="mx-auto mt-12 max-w-md px-4">
        {invitation.state !== "valid" ? (
          <LinkProblem
            heading={t("heading")}
            text={t(`states.${invitation.state}`)}
            href="/sign-in"
            linkLabel={t("toSignIn")}
          />
        ) : (
          <>
            <h1 className="mb-2 text-2xl font-semibold">{t("heading")}</h1>
            <p className="mb-4 text-slate-700">
              {invitation.workspaceName
                ? t("introWorkspace", { workspace: invitation.workspaceName })
                : t("introStaff")}
            </p>
            <p className="mb-6 text-sm">
              <span className="text-slate-600">{t("account")}: </span>
              <span className="font-medium" data-testid="invited-email">
                {invitation.email}
              </span>
            </p>
            <SetPasswordForm
              action={acceptWithPasswordAction}
              token={token}
              submitLabel={t("submit")}
              userInputs={[invitation.email, invitation.workspaceName ?? ""]}
            />
            {env().oidcConfigured && (
              <section className="mt-8 border-t border-slate-200 pt-6">
                <h2 className="mb-1 font-medium">{t("ssoHeading")}</h2>
                <p className="mb-3 text-sm text-slate-600">{t("ssoBody")}</p>
                <form action={acceptWithSsoAction}>
                  <input type="hidden" name="token" value={token} />
                  <button
                    type="submit"
                    className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
                  >
                    {t("ssoSubmit")}
                  </button>
                </form>
              </section>
            )}
          </>
        )}
      </main>
    </>
  );
}
