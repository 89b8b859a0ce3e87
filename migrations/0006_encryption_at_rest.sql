DROP INDEX "signals_reporter_idx";--> statement-breakpoint
DROP INDEX "signals_submitter_idx";--> statement-breakpoint
ALTER TABLE "signal_addresses" ALTER COLUMN "house_number" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "signal_history" ALTER COLUMN "actor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "signals" ALTER COLUMN "reporter_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "signals" ALTER COLUMN "submitted_by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "signal_addresses" ADD COLUMN "address_key" text;--> statement-breakpoint
ALTER TABLE "signal_organisations" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "signal_organisations" ADD COLUMN "kvk_key" text;--> statement-breakpoint
ALTER TABLE "signal_persons" ADD COLUMN "birth_date" text;--> statement-breakpoint
ALTER TABLE "signal_persons" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "signal_persons" ADD COLUMN "email_key" text;--> statement-breakpoint
ALTER TABLE "signal_persons" ADD COLUMN "phone_key" text;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "reporter_ref" text;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "reporter_key" text;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "submitter_key" text;--> statement-breakpoint
CREATE INDEX "signal_addresses_address_key_idx" ON "signal_addresses" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "signal_organisations_name_key_idx" ON "signal_organisations" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "signal_organisations_kvk_key_idx" ON "signal_organisations" USING btree ("kvk_key");--> statement-breakpoint
CREATE INDEX "signal_persons_name_key_idx" ON "signal_persons" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "signal_persons_email_key_idx" ON "signal_persons" USING btree ("email_key");--> statement-breakpoint
CREATE INDEX "signal_persons_phone_key_idx" ON "signal_persons" USING btree ("phone_key");--> statement-breakpoint
CREATE INDEX "signals_reporter_key_idx" ON "signals" USING btree ("reporter_key");--> statement-breakpoint
CREATE INDEX "signals_submitter_key_idx" ON "signals" USING btree ("submitter_key");