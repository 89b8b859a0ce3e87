CREATE TABLE "context_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"unit" text NOT NULL,
	"description" text,
	"seed_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "context_series_points" (
	"series_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "context_series_points_series_id_year_pk" PRIMARY KEY("series_id","year")
);
--> statement-breakpoint
CREATE TABLE "evaluation_conclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"period_start" integer NOT NULL,
	"conclusions" text,
	"recommendations" text,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_conclusions_period_key" UNIQUE("municipality_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "context_series" ADD CONSTRAINT "context_series_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_series_points" ADD CONSTRAINT "context_series_points_series_id_context_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."context_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_conclusions" ADD CONSTRAINT "evaluation_conclusions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_conclusions" ADD CONSTRAINT "evaluation_conclusions_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "context_series_name_idx" ON "context_series" USING btree ("municipality_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "context_series_seed_idx" ON "context_series" USING btree ("municipality_id","seed_code");