import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { entitiesAfter, replaceKeysOf } from './entity.repo.js';

/**
 * Recompute every entity's blind-index keys (entity_keys) from its encrypted data, for when the
 * set of keys an entity gets has changed (entity-keys.ts keyRowsOf; e.g. the combined retrieval
 * keys name.del1_initial … added on 2026-12-02). Entities stored before such a change keep
 * working without it — they are still found and scored by their old keys — but are found less
 * well. Batch after batch, each in its own transaction, so the app can keep running; idempotent
 * (run it again after an interruption). `meldroute entities rekey`. Audited with counts only.
 */
export async function rekeyEntities(deps: { db: Db; vault: Vault }, opts: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<{ entities: number }> {
  const { db, vault } = deps;
  const batchSize = opts.batchSize ?? 1000;
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const batch = await entitiesAfter(db, vault, after, batchSize);
    if (batch.length === 0) break;
    await db.transaction((tx) => replaceKeysOf(tx, vault, batch));
    done += batch.length;
    after = batch[batch.length - 1]!.id;
    opts.onBatch?.(done);
  }
  await audit(db, null, { action: 'entities.rekey', objectType: 'entity_keys', objectId: 'all', result: 'ok', details: { entities: done } });
  return { entities: done };
}
