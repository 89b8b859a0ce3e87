CREATE TABLE "intervention_signals" (
	"intervention_id" uuid NOT NULL,
	"signal_id" uuid NOT NULL,
	CONSTRAINT "intervention_signals_intervention_id_signal_id_pk" PRIMARY KEY("intervention_id","signal_id")
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"decided_on" date NOT NULL,
	"legal_basis" text NOT NULL,
	"result" text,
	"notes" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"period_start" integer NOT NULL,
	"title" text NOT NULL,
	"ambition" smallint NOT NULL,
	"pillar" text NOT NULL,
	"owner" text NOT NULL,
	"start_on" date,
	"due_on" date,
	"status" text NOT NULL,
	"notes" text,
	"result" text,
	"carried_from_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_participation" (
	"session_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"participants" integer NOT NULL,
	CONSTRAINT "training_participation_session_id_department_id_pk" PRIMARY KEY("session_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"provider" text NOT NULL,
	"topic" text NOT NULL,
	"exploitation_forms" text[] NOT NULL,
	"notes" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intervention_signals" ADD CONSTRAINT "intervention_signals_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_signals" ADD CONSTRAINT "intervention_signals_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_activities" ADD CONSTRAINT "plan_activities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_participation" ADD CONSTRAINT "training_participation_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_participation" ADD CONSTRAINT "training_participation_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intervention_signals_signal_idx" ON "intervention_signals" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "interventions_decided_idx" ON "interventions" USING btree ("municipality_id","decided_on");--> statement-breakpoint
CREATE INDEX "plan_activities_period_idx" ON "plan_activities" USING btree ("municipality_id","period_start");--> statement-breakpoint
CREATE INDEX "training_sessions_held_idx" ON "training_sessions" USING btree ("municipality_id","held_on");