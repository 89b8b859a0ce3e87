import { sql } from 'drizzle-orm';
import type { SignalOutcome, SignalState } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import { rawRows, type DbOrTx } from '../../db/client.js';
import { listSignalEntities } from './entity.repo.js';
import { entityLabel } from './entity.views.js';

/**
 * Signals linked to one signal by confirmed links: one of its entities was confirmed to be an
 * entity of the other signal (either way round), or both were confirmed to the same register
 * record.
 */
export async function listLinkedSignals(db: DbOrTx, vault: Vault, municipalityId: string, signalId: string) {
  const rows = await rawRows<{ signal_id: string; number: string; state: SignalState; outcome: SignalOutcome | null; received_at: Date | string; mine: string[] }>(
    db,
    sql`with own as (select id from entities where signal_id = ${signalId}::uuid),
        direct as (
          select l.candidate_id as other, l.entity_id as mine from entity_links l
            where l.decision = 'confirmed' and l.entity_id in (select id from own)
          union
          select l.entity_id as other, l.candidate_id as mine from entity_links l
            where l.decision = 'confirmed' and l.candidate_id in (select id from own)
        ),
        via_register as (
          select l2.entity_id as other, d.mine from direct d
            join entities r on r.id = d.other and r.register_id is not null
            join entity_links l2 on l2.candidate_id = r.id and l2.decision = 'confirmed'
          where l2.entity_id not in (select id from own)
        ),
        pairs as (select other, mine from direct union select other, mine from via_register)
        select s.id::text as signal_id, s.number, s.state, s.outcome, s.received_at, array_agg(distinct p.mine::text) as mine
          from pairs p
          join entities e on e.id = p.other
          join signals s on s.id = e.signal_id
         where s.id <> ${signalId}::uuid and s.municipality_id = ${municipalityId}::uuid
         group by s.id, s.number, s.state, s.outcome, s.received_at
         order by s.received_at desc`,
  );
  if (rows.length === 0) return [];
  const own = new Map((await listSignalEntities(db, vault, signalId)).map((e) => [e.id, entityLabel(e.kind, e.data)]));
  return rows.map((r) => ({
    signalId: r.signal_id,
    number: r.number,
    state: r.state,
    outcome: r.outcome,
    receivedAt: new Date(r.received_at).toISOString(),
    via: [...new Set((r.mine ?? []).map((id) => own.get(id) ?? '—'))].sort(),
  }));
}
