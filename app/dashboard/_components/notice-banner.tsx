import { useTranslations } from "next-intl";
import { noticeFor, type NoticeCode } from "@/lib/connections/notices";

const TONES = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
  error: "border-red-200 bg-red-50 text-red-900",
} as const;

/** The message after an action, picked by code from lib/connections/notices. */
export function NoticeBanner({ code }: { code: unknown }) {
  const t = useTranslations("notices");
  const notice = noticeFor(code);
  if (!notice) return null;
  return (
    <p role="status" data-testid="notice" className={`mb-6 rounded-md border px-4 py-3 ${TONES[notice.tone]}`}>
      {t(code as NoticeCode)}
    </p>
  );
}
