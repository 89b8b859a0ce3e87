CREATE TABLE "signal_submissions" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"signal_id" uuid,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signal_submissions" ADD CONSTRAINT "signal_submissions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_submissions" ADD CONSTRAINT "signal_submissions_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;