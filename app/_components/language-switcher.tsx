"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef } from "react";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { chooseLanguageAction } from "./locale-actions";

/** A select that applies on change; the button keeps it usable without JavaScript. */
export function LanguageSwitcher() {
  const t = useTranslations("header");
  const locale = useLocale();
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={chooseLanguageAction} className="flex items-center gap-1" data-testid="language-switcher">
      <label htmlFor="language" className="sr-only">
        {t("language")}
      </label>
      <select
        id="language"
        name="locale"
        defaultValue={locale}
        onChange={() => form.current?.requestSubmit()}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm">
          {t("applyLanguage")}
        </button>
      </noscript>
    </form>
  );
}
