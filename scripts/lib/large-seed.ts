import type pg from "pg";

/**
 * Load-test data for the dashboard: workspaces, connections with a realistic spread, a few audit
 * events each, and a week of refresh statistics. Rows are made by Postgres itself
 * (`insert … select generate_series`), a batch per transaction, so 100k take seconds.
 *
 * Additive: every call adds `total` new connections (fresh random account ids); the 200
 * workspaces are created once and reused. No credentials are written: the rows have no tokens.
 */

export const LOAD_WORKSPACES = 200;
const BATCH = 10_000;

const WORKSPACES_SQL = `
  insert into workspaces (name)
  select 'Load workspace ' || lpad(g::text, 3, '0') from generate_series(1, $1::int) g
  on conflict (name) do nothing`;

// r1 picks the provider, r2 the status, r3 the age, r4 the workspace (squared: a few big customers,
// many small ones), r5 the name. Status mix: 70 % active, 6 % pending, 8 % needs re-authorization,
// 11 % revoked, 5 % error.
const BATCH_SQL = `
  with ws as (
    select array_agg(id order by name) as ids from workspaces where name like 'Load workspace %'
  ), raw as (
    select random() r1, random() r2, random() r3, random() r4, random() r5, gen_random_uuid()::text as ext
    from generate_series(1, $1::int)
  ), shaped as (
    select ws.ids[1 + floor(power(r4, 2) * array_length(ws.ids, 1))::int] as workspace_id,
           (case when r1 < 0.6 then 'pleo' else 'pliant' end)::provider as provider,
           (case when r2 < 0.70 then 'active' when r2 < 0.76 then 'pending' when r2 < 0.84 then 'needs_reauth'
                 when r2 < 0.95 then 'revoked' else 'error' end)::connection_status as status,
           ext, r5, now() - r3 * interval '730 days' as created_at
    from raw, ws
  ), inserted as (
    insert into connections (workspace_id, provider, external_id, external_urn, external_name, status, status_reason,
                             scopes, connected_at, last_refresh_at, last_refresh_outcome, created_at, updated_at)
    select workspace_id, provider, ext,
           case when provider = 'pleo' then 'urn:pleo:company:' || ext end,
           (array['Nordlys','Brightwater','Fjord','Acorn','Kestrel','Lumen','Harbor','Saffron','Granite','Tundra',
                  'Mistral','Juniper','Ember','Cobalt','Aurora','Birch','Quartz','Willow','Falcon','Meridian'])[1 + floor(r5 * 20)::int]
             || ' ' || (1 + floor(r5 * 1000000)::int % 9973)::text || ' '
             || (array['ApS','AB','GmbH','Ltd','AS','Oy','BV','SAS'])[1 + floor(r5 * 80)::int % 8],
           status,
           case status when 'needs_reauth' then 'The provider refused the refresh token (invalid_grant).'
                       when 'error' then 'Activation failed at the provider.'
                       when 'revoked' then 'Revoked by the workspace admin.' end,
           case when provider = 'pleo' then array['export-jobs:read','export-items:read'] else '{}'::text[] end,
           case when status <> 'pending' then created_at + interval '3 minutes' end,
           case when provider = 'pleo' and status in ('active','needs_reauth') then now() - r5 * interval '2 days' end,
           case when provider = 'pleo' and status = 'active' then 'ok' when status = 'needs_reauth' then 'invalid_grant' end,
           created_at, created_at
    from shaped
    returning id, workspace_id, provider, status, created_at
  )
  insert into audit_events (at, actor_label, workspace_id, connection_id, action, detail)
  select e.at, e.actor, i.workspace_id, i.id, e.action, jsonb_build_object('provider', i.provider, 'seed', 'large')
  from inserted i
  cross join lateral (values
    ('connection.connected', i.created_at + interval '3 minutes', 'admin@load.test', i.status <> 'pending'),
    ('connection.tested', i.created_at + interval '5 minutes', 'admin@load.test', i.status <> 'pending'),
    ('connection.needs_reauth', i.created_at + interval '40 days', 'sweep', i.status = 'needs_reauth'),
    ('connection.activation_failed', i.created_at + interval '4 minutes', 'system', i.status = 'error'),
    ('connection.revoked', i.created_at + interval '90 days', 'admin@load.test', i.status = 'revoked')
  ) as e(action, at, actor, happened)
  where e.happened`;

// A week of refresh outcomes, roughly in proportion to the connections just added.
const STATS_SQL = `
  insert into token_refresh_stats (day, provider, outcome, count)
  select (now() at time zone 'utc')::date - d, p.provider::provider, o.outcome,
         greatest(1, round($1::int * o.share * p.share * (0.8 + random() * 0.4)))::int
  from generate_series(0, 6) d,
       (values ('pleo', 0.6), ('pliant', 0.4)) p(provider, share),
       (values ('ok', 0.5), ('unavailable', 0.01), ('invalid_grant', 0.004)) o(outcome, share)
  where not (p.provider = 'pliant' and o.outcome = 'invalid_grant')
  on conflict (day, provider, outcome) do update set count = token_refresh_stats.count + excluded.count`;

export async function seedLargeConnections(
  db: pg.Pool,
  total: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  const started = performance.now();
  await db.query(WORKSPACES_SQL, [LOAD_WORKSPACES]);
  for (let done = 0; done < total;) {
    const size = Math.min(BATCH, total - done);
    await db.query(BATCH_SQL, [size]);
    done += size;
    log(
      `  ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} connections (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  await db.query(STATS_SQL, [total]);
  // Fresh statistics and visibility map, so the planner and index-only scans see the new rows.
  await db.query("vacuum analyze connections");
  await db.query("analyze audit_events");
}
