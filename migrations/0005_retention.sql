ALTER TABLE "signals" ADD COLUMN "legal_hold" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "anonymised_at" timestamp with time zone;