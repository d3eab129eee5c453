CREATE TYPE "public"."pliant_sync_from" AS ENUM('organization_created', 'first_of_this_month', 'first_of_last_month');--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "remote_revocation_error" text;--> statement-breakpoint
ALTER TABLE "provider_tokens" ADD COLUMN "quota" jsonb;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "pliant_sync_from" "pliant_sync_from" DEFAULT 'first_of_last_month' NOT NULL;