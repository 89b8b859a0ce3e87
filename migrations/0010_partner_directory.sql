CREATE TABLE "department_liaisons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"user_id" uuid,
	"availability" text,
	"away_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_settings" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"seed_version" integer DEFAULT 0 NOT NULL,
	"liaison_meeting_id" uuid,
	"liaison_meeting_note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_structure_partners" (
	"meeting_structure_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	CONSTRAINT "meeting_structure_partners_meeting_structure_id_partner_id_pk" PRIMARY KEY("meeting_structure_id","partner_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_structures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"purpose" text,
	"chair" text,
	"frequency" text,
	"other_participants" text,
	"position" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "organisation_type" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "opening_hours" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "secure_email" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "referral_instructions" text;--> statement-breakpoint
ALTER TABLE "department_liaisons" ADD CONSTRAINT "department_liaisons_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_liaisons" ADD CONSTRAINT "department_liaisons_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_liaisons" ADD CONSTRAINT "department_liaisons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_settings" ADD CONSTRAINT "directory_settings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_settings" ADD CONSTRAINT "directory_settings_liaison_meeting_id_meeting_structures_id_fk" FOREIGN KEY ("liaison_meeting_id") REFERENCES "public"."meeting_structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_structure_partners" ADD CONSTRAINT "meeting_structure_partners_meeting_structure_id_meeting_structures_id_fk" FOREIGN KEY ("meeting_structure_id") REFERENCES "public"."meeting_structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_structure_partners" ADD CONSTRAINT "meeting_structure_partners_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_structures" ADD CONSTRAINT "meeting_structures_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "department_liaisons_department_idx" ON "department_liaisons" USING btree ("municipality_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "department_liaisons_user_uq" ON "department_liaisons" USING btree ("department_id","user_id");--> statement-breakpoint
CREATE INDEX "meeting_structure_partners_partner_idx" ON "meeting_structure_partners" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_structures_code_uq" ON "meeting_structures" USING btree ("municipality_id","code");