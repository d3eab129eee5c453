import { useFormatter, useNow } from "next-intl";
import { notAfter } from "@/app/dashboard/_components/format";

export type Formatter = ReturnType<typeof useFormatter>;

// Date and time in the user's language and time zone (from next-intl's request configuration).
const WHEN_FORMAT = { dateStyle: "medium", timeStyle: "short" } as const;

export function whenWith(format: Formatter) {
  return (date: Date | null) => (date ? format.dateTime(date, { ...WHEN_FORMAT }) : "—");
}

export function relativeWith(format: Formatter, now: Date) {
  return {
    /** A moment in the past by nature (issued, refreshed): "2 minutes ago", "now"; never "in 0 min". */
    past: (date: Date) => format.relativeTime(notAfter(date, now.getTime()), now),
    /** Any moment: "in 8 minutes", "3 days ago". */
    any: (date: Date) => format.relativeTime(date, now),
  };
}

/** For components that render synchronously (server or browser); async ones use get-when.ts. */
export function useWhen() {
  return whenWith(useFormatter());
}

export function useRelative() {
  return relativeWith(useFormatter(), useNow());
}
