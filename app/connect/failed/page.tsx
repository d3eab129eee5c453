import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata() {
  const t = await getTranslations("connectFailed");
  return { title: t("metaTitle") };
}

// Each reason's sentence is in the catalog (connectFailed.reasons); the URL only picks one.
const REASONS = ["unknown", "used", "expired", "other_user", "malformed", "other_workspace"] as const;

// /connect/failed — a flow that cannot continue: say why in words and offer the way back.
export default async function ConnectFailedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const t = await getTranslations("connectFailed");
  const message = t(`reasons.${REASONS.find((r) => r === reason) ?? "unknown"}`);
  return (
    <main className="mx-auto mt-16 max-w-lg px-4">
      <h1 className="mb-3 text-2xl font-semibold">{t("heading")}</h1>
      <p
        role="alert"
        data-testid="flow-error"
        className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900"
      >
        {message}
      </p>
      <p className="mt-6">
        <Link href="/dashboard" className="font-medium text-indigo-700 underline">
          {t("back")}
        </Link>
      </p>
    </main>
  );
}
