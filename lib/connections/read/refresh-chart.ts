import "server-only";
import { notFound } from "next/navigation";
import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";

/** One UTC day of token refresh outcomes, in three classes a person can act on. */
export type RefreshDay = {
  day: string;
  /** Refreshed fine. */
  ok: number;
  /** Provider down, slow or rate limiting: tokens kept, retried later. */
  unavailable: number;
  /** The provider refused the grant (e.g. invalid_grant): the customer must reconnect. */
  refused: number;
};

/**
 * The staff dashboard's chart: refresh outcomes of every workspace for the last `days` days,
 * today included, days without refreshes as zeros. Staff only: it spans all customers.
 */
export async function getRefreshChart(user: SessionUser, days = 7): Promise<RefreshDay[]> {
  if (user.role !== "partner_staff") notFound();
  const { rows } = await db().execute<{ day: string; ok: number; unavailable: number; refused: number }>(sql`
    select d::date::text as day,
           coalesce(sum(s.count) filter (where s.outcome = 'ok'), 0)::int as ok,
           coalesce(sum(s.count) filter (where s.outcome in ('unavailable', 'rate_limited')), 0)::int as unavailable,
           coalesce(sum(s.count) filter (where s.outcome not in ('ok', 'unavailable', 'rate_limited')), 0)::int as refused
    from generate_series((now() at time zone 'utc')::date - ${days - 1}::int, (now() at time zone 'utc')::date, interval '1 day') as d
    left join token_refresh_stats s on s.day = d::date
    group by d
    order by d`);
  return rows.map((r) => ({
    day: r.day,
    ok: Number(r.ok),
    unavailable: Number(r.unavailable),
    refused: Number(r.refused),
  }));
}
