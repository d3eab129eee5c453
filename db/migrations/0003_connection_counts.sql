CREATE TABLE "connection_counts" (
	"workspace_id" uuid NOT NULL,
	"provider" "provider" NOT NULL,
	"status" "connection_status" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "connection_counts_workspace_id_provider_status_pk" PRIMARY KEY("workspace_id","provider","status")
);
--> statement-breakpoint
ALTER TABLE "connection_counts" ADD CONSTRAINT "connection_counts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;