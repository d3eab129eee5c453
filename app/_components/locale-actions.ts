"use server";

import { cookies } from "next/headers";
import { currentUser } from "@/lib/auth/guards";
import { setUserLocale } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";

/**
 * The language switcher: saved on the user when signed in, and in a cookie that outlives the
 * session (the sign-in page after sign-out speaks the same language). Unknown values change nothing.
 */
export async function chooseLanguageAction(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 365 * 24 * 60 * 60,
    sameSite: "lax",
    httpOnly: true,
    secure: env().APP_URL.startsWith("https://"),
  });
  const user = await currentUser();
  if (user) await setUserLocale(user.id, locale);
}
