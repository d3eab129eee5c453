import { useTranslations } from "next-intl";
import { LanguageSwitcher } from "./language-switcher";

/** The header of pages for people not signed in (sign-in, invitations, password reset): the language switcher. */
export function PublicHeader() {
  const t = useTranslations("header");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
        <span className="font-semibold text-indigo-800">{t("product")}</span>
        <LanguageSwitcher />
      </div>
    </header>
  );
}
