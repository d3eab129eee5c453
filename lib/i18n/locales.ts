/** The portal's languages. Shared by server and browser code: no secrets, no server-only imports. */
export const LOCALES = ["en", "de", "da", "sv", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  da: "Dansk",
  sv: "Svenska",
  fr: "Français",
};

/** The cookie that carries the choice of someone not signed in, and survives sign-out. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
/** The browser's IANA time zone, set by the browser itself (app/_components/time-zone-cookie.tsx). */
export const TIME_ZONE_COOKIE = "tz";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4: quality values, the
 * primary subtag decides: de-AT → de, nb/no → da is not guessed). Undefined when none fits.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | undefined {
  if (!acceptLanguage) return undefined;
  const ranges = acceptLanguage
    .split(",")
    .slice(0, 50)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        primary: tag.trim().toLowerCase().split("-")[0] ?? "",
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLocale);
}

/** A valid IANA time zone name, or undefined. */
export function validTimeZone(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
