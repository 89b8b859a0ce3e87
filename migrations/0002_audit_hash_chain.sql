-- Hash chain over the audit trail (docs/decisions/0004-audit-trail.md).
-- HAND-EDITED after `drizzle-kit generate`: the columns are added without NOT NULL, the entries written before
-- this migration are chained in id order, and only then do the columns become NOT NULL. The canonical form and
-- SHA-256 below are the same as in src/server/modules/audit/audit-chain.ts (canonicalEntry); change them together.
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_delete";--> statement-breakpoint
DO $$
DECLARE
  r record;
  n bigint := 0;
  prev text := repeat('0', 64);
  canonical text;
  h text;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    canonical := '["meldroute-audit-v1",' || n::text
      || ',' || to_json(prev)::text
      || ',' || to_json(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
      || ',' || coalesce(to_json(r.municipality_id::text)::text, 'null')
      || ',' || coalesce(to_json(r.actor_id::text)::text, 'null')
      || ',' || coalesce(to_json(r.actor_role)::text, 'null')
      || ',' || coalesce(to_json(r.action)::text, 'null')
      || ',' || coalesce(to_json(r.object_type)::text, 'null')
      || ',' || coalesce(to_json(r.object_id)::text, 'null')
      || ',' || coalesce(to_json(r.result)::text, 'null')
      || ',' || coalesce(to_json(r.ip)::text, 'null')
      || ',' || coalesce(to_json(r.user_agent)::text, 'null')
      || ',' || CASE
           WHEN r.details IS NULL OR jsonb_typeof(r.details) = 'null' THEN 'null'
           -- details are flat (ids, codes, counts): keys sorted, no whitespace
           WHEN jsonb_typeof(r.details) = 'object' THEN coalesce(
             (SELECT '{' || string_agg(to_json(e.key)::text || ':' || e.value::text, ',' ORDER BY e.key COLLATE "C") || '}'
                FROM jsonb_each(r.details) AS e),
             '{}')
           ELSE r.details::text
         END
      || ']';
    h := encode(sha256(convert_to(canonical, 'UTF8')), 'hex');
    UPDATE audit_log SET seq = n, prev_hash = prev, hash = h WHERE id = r.id;
    prev := h;
  END LOOP;
END
$$;--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_delete";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seq_idx" ON "audit_log" USING btree ("seq");
