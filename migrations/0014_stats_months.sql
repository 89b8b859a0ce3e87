CREATE TABLE "stats_months" (
	"municipality_id" uuid NOT NULL,
	"month" text NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"computed_version" bigint,
	"payload" jsonb,
	"computed_at" timestamp with time zone,
	CONSTRAINT "stats_months_municipality_id_month_pk" PRIMARY KEY("municipality_id","month")
);
--> statement-breakpoint
ALTER TABLE "stats_months" ADD CONSTRAINT "stats_months_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Issue 5: keep the monthly pre-aggregate honest. Every change to what the monitoring counts raises the
-- version of the local months of receipt it touches, in the changing transaction; stats/month-facts.ts
-- recomputes a month whose computed_version lags. Statement-level triggers with transition tables: one
-- upsert per statement, also for bulk loads.
CREATE OR REPLACE FUNCTION stats_months_signals_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT n.municipality_id, to_char(n.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM new_rows n
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_signals_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT o.municipality_id, to_char(o.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM old_rows o
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_signals_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Only the columns the monitoring reads: free-text edits and retention leave the cache alone.
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT x.municipality_id, to_char(x.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.municipality_id, o.received_at), (n.municipality_id, n.received_at)) AS x(municipality_id, received_at)
    WHERE (o.municipality_id, o.received_at, o.exploitation_forms, o.reporter_department_id, o.source_context, o.state, o.registered_at, o.closed_at) IS DISTINCT FROM (n.municipality_id, n.received_at, n.exploitation_forms, n.reporter_department_id, n.source_context, n.state, n.registered_at, n.closed_at)
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER signals_stats_insert AFTER INSERT ON signals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_signals_new();
--> statement-breakpoint
CREATE TRIGGER signals_stats_update AFTER UPDATE ON signals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_signals_changed();
--> statement-breakpoint
CREATE TRIGGER signals_stats_delete AFTER DELETE ON signals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_signals_old();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_referrals_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM new_rows n JOIN signals s ON s.id = n.signal_id
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_referrals_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM old_rows o JOIN signals s ON s.id = o.signal_id
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_referrals_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.signal_id), (n.signal_id)) AS x(signal_id)
    JOIN signals s ON s.id = x.signal_id
    WHERE (o.signal_id, o.partner_id, o.referred_on, o.feedback_received_on) IS DISTINCT FROM (n.signal_id, n.partner_id, n.referred_on, n.feedback_received_on)
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referrals_stats_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_referrals_new();
--> statement-breakpoint
CREATE TRIGGER referrals_stats_update AFTER UPDATE ON referrals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_referrals_changed();
--> statement-breakpoint
CREATE TRIGGER referrals_stats_delete AFTER DELETE ON referrals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_referrals_old();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_feedback_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM new_rows n JOIN signals s ON s.id = n.signal_id
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_feedback_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') FROM old_rows o JOIN signals s ON s.id = o.signal_id
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_feedback_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_months (municipality_id, month)
    SELECT DISTINCT s.municipality_id, to_char(s.received_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM')
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.signal_id), (n.signal_id)) AS x(signal_id)
    JOIN signals s ON s.id = x.signal_id
    WHERE (o.signal_id, o.given_on) IS DISTINCT FROM (n.signal_id, n.given_on)
  ON CONFLICT (municipality_id, month) DO UPDATE SET version = stats_months.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reporter_feedback_stats_insert AFTER INSERT ON reporter_feedback REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_feedback_new();
--> statement-breakpoint
CREATE TRIGGER reporter_feedback_stats_update AFTER UPDATE ON reporter_feedback REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_feedback_changed();
--> statement-breakpoint
CREATE TRIGGER reporter_feedback_stats_delete AFTER DELETE ON reporter_feedback REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_feedback_old();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_months_partners_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stats_months sm SET version = sm.version + 1
  WHERE sm.municipality_id IN (SELECT n.municipality_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.kind IS DISTINCT FROM n.kind);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER partners_stats_update AFTER UPDATE ON partners REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_months_partners_changed();
