CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "connections_status_provider";--> statement-breakpoint
CREATE INDEX "connections_status_provider_created" ON "connections" USING btree ("status","provider","created_at","id");--> statement-breakpoint
CREATE INDEX "connections_name_trgm" ON "connections" USING gin (lower("external_name") gin_trgm_ops);