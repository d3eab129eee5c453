import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicHeader } from "@/app/_components/public-header";
import { ScopedMessages } from "@/app/_components/scoped-messages";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata() {
  const t = await getTranslations("forgot");
  return { title: t("metaTitle") };
}

// /forgot-password — ask for a reset link; the answer never says whether the email has an account.
export default async function ForgotPasswordPage() {
  const t = await getTranslations("forgot");
  return (
    <>
      <PublicHeader />
      <main className="mx-auto mt-16 max-w-sm px-4">
        <h1 className="mb-2 text-2xl font-semibold">{t("heading")}</h1>
        <p className="mb-6 text-sm text-slate-600">{t("intro")}</p>
        <ScopedMessages namespace="forgot">
          <ForgotForm />
        </ScopedMessages>
        <p className="mt-6 text-sm">
          <Link href="/sign-in" className="text-indigo-800 underline">
            {t("back")}
          </Link>
        </p>
      </main>
    </>
  );
}
