ALTER TABLE "referrals" ADD COLUMN "municipality_id" uuid;--> statement-breakpoint
UPDATE "referrals" r SET "municipality_id" = s."municipality_id" FROM "signals" s WHERE s."id" = r."signal_id";--> statement-breakpoint
ALTER TABLE "referrals" ALTER COLUMN "municipality_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_awaiting_due_idx" ON "referrals" USING btree ("municipality_id","feedback_due_on") WHERE "referrals"."state" in ('sent', 'feedback_requested') and "referrals"."feedback_received_on" is null;
