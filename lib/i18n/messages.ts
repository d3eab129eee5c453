import "server-only";
import type { AbstractIntlMessages } from "next-intl";
import da from "@/messages/da.json";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import sv from "@/messages/sv.json";
import type { Locale } from "./locales";

/** Every catalog, loaded once: small, and emails need them outside a request too. */
export const CATALOGS: Record<Locale, AbstractIntlMessages> = { en, de, da, sv, fr };

/** What a missing key renders as: visible, and searched for by the end-to-end tests. */
export function missingMessage({ namespace, key }: { namespace?: string; key: string }): string {
  return `[missing: ${namespace ? `${namespace}.` : ""}${key}]`;
}
