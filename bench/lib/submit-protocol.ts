/** Messages between bench/submit.bench.ts and its server children (bench/lib/submit-server.ts). */
export type ServerKind = 'meldroute' | 'bare';
export type ToParent = { type: 'ready'; port: number } | { type: 'cpu'; userMs: number; systemMs: number };
export type ToChild = { type: 'cpu' };

/** The table the bare route writes to (created by the parent). */
export const BARE_TABLE_SQL = `create table bench_bare_signals (
  id uuid primary key default gen_random_uuid(),
  observed_on date not null,
  place text,
  explanation text not null,
  payload jsonb not null,
  received_at timestamptz not null default now()
)`;
