CREATE TABLE "token_refresh_stats" (
	"day" date NOT NULL,
	"provider" "provider" NOT NULL,
	"outcome" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "token_refresh_stats_day_provider_outcome_pk" PRIMARY KEY("day","provider","outcome")
);
