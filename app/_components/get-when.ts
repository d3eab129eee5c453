import "server-only";
import { getFormatter, getNow } from "next-intl/server";
import { relativeWith, whenWith } from "./use-when";

/** use-when.ts for async server components. */
export async function getWhen() {
  return whenWith(await getFormatter());
}

export async function getRelative() {
  return relativeWith(await getFormatter(), await getNow());
}
