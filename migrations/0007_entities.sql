CREATE TABLE "entities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"signal_id" uuid,
	"register_id" uuid,
	"external_key" text,
	"content_hash" text,
	"data" text NOT NULL,
	"origin" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_keys" (
	"entity_id" uuid NOT NULL,
	"field" smallint NOT NULL,
	"hash" bigint NOT NULL,
	CONSTRAINT "entity_keys_entity_id_field_hash_pk" PRIMARY KEY("entity_id","field","hash")
);
--> statement-breakpoint
CREATE TABLE "entity_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"score" real NOT NULL,
	"reasons" text[] NOT NULL,
	"decided_by_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"imported_at" timestamp with time zone,
	"imported_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_keys" ADD CONSTRAINT "entity_keys_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_links" ADD CONSTRAINT "entity_links_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_links" ADD CONSTRAINT "entity_links_entity_id_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_links" ADD CONSTRAINT "entity_links_candidate_id_entities_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."entities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_links" ADD CONSTRAINT "entity_links_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_imported_by_id_users_id_fk" FOREIGN KEY ("imported_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_signal_idx" ON "entities" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "entities_municipality_kind_idx" ON "entities" USING btree ("municipality_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "entities_register_external_uq" ON "entities" USING btree ("register_id","external_key");--> statement-breakpoint
CREATE INDEX "entity_keys_hash_idx" ON "entity_keys" USING btree ("hash","field","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "entity_links_pair_uq" ON "entity_links" USING btree ("entity_id","candidate_id");--> statement-breakpoint
CREATE INDEX "entity_links_candidate_idx" ON "entity_links" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "entity_links_municipality_idx" ON "entity_links" USING btree ("municipality_id","decision");--> statement-breakpoint
CREATE UNIQUE INDEX "registers_kind_uq" ON "registers" USING btree ("municipality_id","kind");