ALTER TABLE "pliant_entries" ADD COLUMN "signature_digest" text;--> statement-breakpoint
CREATE UNIQUE INDEX "pliant_entries_signature" ON "pliant_entries" USING btree ("signature_digest");