import { getTranslations } from "next-intl/server";
import { LinkProblem } from "@/app/_components/link-problem";
import { PublicHeader } from "@/app/_components/public-header";
import { SetPasswordForm } from "@/app/_components/set-password-form";
import { lookupPasswordReset } from "@/lib/people/password-resets";
import { resetPasswordAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("reset");
  return { title: t("metaTitle") };
}

// /reset-password/[token] — the forgot-password link: a new password, once, within the hour.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [reset, t] = await Promise.all([lookupPasswordReset(token), getTranslations("reset")]);
  return (
    <>
      <PublicHeader />
      <main className="mx-auto mt-12 max-w-md px-4">
        {reset.state !== "valid" ? (
          <LinkProblem
            heading={t("heading")}
            text={t(`states.${reset.state}`)}
            href="/forgot-password"
            linkLabel={t("again")}
          />
        ) : (
          <>
            <h1 className="mb-2 text-2xl font-semibold">{t("heading")}</h1>
            <p className="mb-6 text-sm font-medium" data-testid="reset-email">
              {reset.email}
            </p>
            <SetPasswordForm
              action={resetPasswordAction}
              token={token}
              submitLabel={t("submit")}
              userInputs={[reset.email]}
            />
          </>
        )}
      </main>
    </>
  );
}
