-- Keep connection_counts in step with connections. Statement-level triggers aggregate each
-- statement's changes and apply them in key order, so concurrent writers lock counter rows in the
-- same order (no deadlock), and updates that change no count (e.g. last_refresh_at) touch nothing.
CREATE FUNCTION connection_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO connection_counts AS c (workspace_id, provider, status, count)
      SELECT workspace_id, provider, status, count(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (workspace_id, provider, status) DO UPDATE SET count = c.count + excluded.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO connection_counts AS c (workspace_id, provider, status, count)
      SELECT workspace_id, provider, status, -count(*) FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (workspace_id, provider, status) DO UPDATE SET count = c.count + excluded.count;
  ELSE
    INSERT INTO connection_counts AS c (workspace_id, provider, status, count)
      SELECT workspace_id, provider, status, sum(delta) FROM (
        SELECT workspace_id, provider, status, -1 AS delta FROM old_rows
        UNION ALL
        SELECT workspace_id, provider, status, 1 AS delta FROM new_rows
      ) changes
      GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (workspace_id, provider, status) DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER connection_counts_insert AFTER INSERT ON connections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();
--> statement-breakpoint
CREATE TRIGGER connection_counts_update AFTER UPDATE ON connections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();
--> statement-breakpoint
CREATE TRIGGER connection_counts_delete AFTER DELETE ON connections REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION connection_counts_apply();
--> statement-breakpoint
INSERT INTO connection_counts (workspace_id, provider, status, count)
  SELECT workspace_id, provider, status, count(*) FROM connections GROUP BY 1, 2, 3;
