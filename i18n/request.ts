import { getRequestConfig } from "next-intl/server";
import { CATALOGS, missingMessage } from "@/lib/i18n/messages";
import { requestLocale, requestTimeZone } from "@/lib/i18n/request-locale";
import { log } from "@/lib/log";

// next-intl without i18n routing: one URL per page, the language comes from the user or the browser.
export default getRequestConfig(async () => {
  const [locale, timeZone] = await Promise.all([requestLocale(), requestTimeZone()]);
  return {
    locale,
    timeZone,
    messages: CATALOGS[locale],
    onError: (error) => log.warn("i18n", { code: error.code, message: error.originalMessage ?? error.message }),
    getMessageFallback: missingMessage,
  };
});
