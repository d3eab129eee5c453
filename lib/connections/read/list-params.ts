import "server-only";
import { z } from "zod";
import { connectionStatus, provider } from "@/db/schema";
import type { ConnectionStatus, ProviderName } from "./dto";

/**
 * The dashboard's list parameters, parsed from the URL. Each field is parsed on its own: a bad
 * value is dropped (and named in `ignored`) instead of failing the page, so a stale or hand-edited
 * link still shows something sensible.
 */

export type Cursor = { at: string; id: string };
export type ListFilters = { provider?: ProviderName; status?: ConnectionStatus; workspaceId?: string; q?: string };
export type ListParams = ListFilters & { after?: Cursor; before?: Cursor };

// Microsecond ISO instant: Postgres keeps microseconds, a JS Date would round them away.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const cursorSchema = z
  .string()
  .max(200)
  .transform((raw, ctx) => {
    const [at, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
    if (rest.length || !at || !INSTANT.test(at) || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at))) {
      ctx.addIssue({ code: "custom", message: "bad cursor" });
      return z.NEVER;
    }
    return { at, id: id! };
  });

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, "utf8").toString("base64url");
}

const fields = {
  provider: z.enum(provider.enumValues),
  status: z.enum(connectionStatus.enumValues),
  workspace: z.uuid(),
  q: z.string().trim().min(1).max(100),
  after: cursorSchema,
  before: cursorSchema,
} as const;

type Raw = Record<string, string | string[] | undefined>;

export function parseListParams(raw: Raw): { params: ListParams; ignored: string[] } {
  const ignored: string[] = [];
  const pick = <K extends keyof typeof fields>(key: K): z.output<(typeof fields)[K]> | undefined => {
    const value = raw[key];
    if (value === undefined || value === "") return undefined;
    const parsed = fields[key].safeParse(Array.isArray(value) ? value[0] : value);
    if (!parsed.success) {
      // An empty search box is not a mistake; anything else unparseable is worth saying.
      if (!(key === "q" && typeof value === "string" && value.trim() === "")) ignored.push(key);
      return undefined;
    }
    return parsed.data as z.output<(typeof fields)[K]>;
  };
  const params: ListParams = {
    provider: pick("provider"),
    status: pick("status"),
    workspaceId: pick("workspace"),
    q: pick("q"),
  };
  const after = pick("after");
  const before = pick("before");
  // One direction at a time; with both, neither is trusted.
  if (after && before) ignored.push("after", "before");
  else if (after) params.after = after;
  else if (before) params.before = before;
  return { params, ignored };
}

/** The query string of a list page: the filters kept, plus at most one cursor. */
export function listHref(path: string, filters: ListFilters, cursor?: { after?: Cursor; before?: Cursor }): string {
  const qs = new URLSearchParams();
  if (filters.provider) qs.set("provider", filters.provider);
  if (filters.status) qs.set("status", filters.status);
  if (filters.workspaceId) qs.set("workspace", filters.workspaceId);
  if (filters.q) qs.set("q", filters.q);
  if (cursor?.after) qs.set("after", encodeCursor(cursor.after));
  if (cursor?.before) qs.set("before", encodeCursor(cursor.before));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
