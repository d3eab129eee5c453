import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata() {
  const t = await getTranslations("errors");
  return { title: t("notFoundTitle") };
}

// Any 404 (notFound() in a guard or loader, or an unknown address), in the reader's language.
export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="mx-auto mt-16 max-w-lg px-4">
      <h1 className="mb-3 text-2xl font-semibold">{t("notFoundHeading")}</h1>
      <p className="text-slate-700">{t("notFoundBody")}</p>
      <p className="mt-6">
        <Link href="/dashboard" className="font-medium text-indigo-700 underline">
          {t("back")}
        </Link>
      </p>
    </main>
  );
}
