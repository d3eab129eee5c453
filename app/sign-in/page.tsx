import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PublicHeader } from "@/app/_components/public-header";
import { ScopedMessages } from "@/app/_components/scoped-messages";
import { currentUser } from "@/lib/auth/guards";
import { safeNextPath } from "@/lib/auth/safe-next";
import { env } from "@/lib/env";
import { signInWithSso } from "./actions";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata() {
  const t = await getTranslations("signIn");
  return { title: t("metaTitle") };
}

/** Notices other flows send here (`?notice=`): fixed texts chosen by code, never the parameter itself. */
const NOTICES = ["password-reset", "reset-requested"] as const;

// /sign-in — the partner's own sign-in; `next` brings the user back into a flow (e.g. Pliant's /login).
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await currentUser()) redirect(next);
  const t = await getTranslations("signIn");
  // Auth.js sends failed redirect sign-ins (single sign-on) back here with `?error=<type>`.
  const error =
    typeof params.error === "string" && params.error
      ? params.error === "AccessDenied"
        ? t("ssoDenied")
        : t("ssoFailed")
      : undefined;
  const notice = NOTICES.find((n) => n === params.notice);
  return (
    <>
      <PublicHeader />
      <main className="mx-auto mt-16 max-w-sm px-4">
        <h1 className="mb-1 text-2xl font-semibold">{t("heading")}</h1>
        <p className="mb-6 text-sm text-slate-600">{t("subtitle")}</p>
        {error && (
          <p
            role="alert"
            data-testid="sign-in-error"
            className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          >
            {error}
          </p>
        )}
        {notice && (
          <p
            role="status"
            data-testid="notice"
            className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            {t(`notices.${notice}`)}
          </p>
        )}
        <ScopedMessages namespace="signIn">
          <SignInForm next={next} />
        </ScopedMessages>
        <p className="mt-3 text-sm">
          <Link href="/forgot-password" className="text-indigo-800 underline">
            {t("forgotPassword")}
          </Link>
        </p>
        {env().oidcConfigured && (
          <form action={signInWithSso} className="mt-4">
            <input type="hidden" name="next" value={next} />
            <button
              type="submit"
              className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
            >
              {t("sso")}
            </button>
          </form>
        )}
      </main>
    </>
  );
}
