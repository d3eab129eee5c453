import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { currentUser } from "@/lib/auth/guards";
import {
  DEFAULT_LOCALE,
  isLocale,
  LOCALE_COOKIE,
  negotiateLocale,
  TIME_ZONE_COOKIE,
  validTimeZone,
  type Locale,
} from "./locales";

/**
 * This request's language: the signed-in user's saved choice, else the choice made before signing
 * in (cookie, kept across sign-out), else Accept-Language, else English.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const user = await currentUser().catch(() => undefined);
  if (isLocale(user?.locale)) return user.locale;
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
});

/** The browser's time zone as it reported it in a cookie; UTC until it has. */
export const requestTimeZone = cache(
  async (): Promise<string> => validTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value) ?? "UTC",
);
