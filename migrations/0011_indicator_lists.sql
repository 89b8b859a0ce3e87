CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"code" text,
	"group" text NOT NULL,
	"forms" text[] NOT NULL,
	"text" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signal_indicators" (
	"signal_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"source" text NOT NULL,
	"ticked_by_id" uuid,
	"ticked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signal_indicators_signal_id_indicator_id_pk" PRIMARY KEY("signal_id","indicator_id")
);
--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_indicators" ADD CONSTRAINT "signal_indicators_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_indicators" ADD CONSTRAINT "signal_indicators_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_indicators" ADD CONSTRAINT "signal_indicators_ticked_by_id_users_id_fk" FOREIGN KEY ("ticked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_code_uq" ON "indicators" USING btree ("municipality_id","code");--> statement-breakpoint
CREATE INDEX "indicators_list_idx" ON "indicators" USING btree ("municipality_id","group","sort_order");--> statement-breakpoint
CREATE INDEX "signal_indicators_indicator_idx" ON "signal_indicators" USING btree ("indicator_id");