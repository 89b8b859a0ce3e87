import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { EntityKind, RegisterKind } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import { rawRows, type Db, type DbOrTx } from '../../db/client.js';
import { entities, entityKeys, registers } from '../../db/schema/index.js';
import { keyRowsOf, type KeyRow } from '../entities/entity-keys.js';
import { insertEntities, rawEntityOf, sealEntityData, type EntityData } from '../entities/entity.repo.js';

/** Key rows per INSERT of entity_keys: three array parameters, whatever the number of rows. */
const KEY_ROWS_PER_STATEMENT = 20_000;

/**
 * The register of a kind in the municipality, created on first use, and locked until the
 * transaction ends: two imports of the same register run one after the other.
 */
export async function ensureRegister(db: DbOrTx, municipalityId: string, kind: RegisterKind): Promise<string> {
  await db.insert(registers).values({ municipalityId, kind }).onConflictDoNothing({ target: [registers.municipalityId, registers.kind] });
  const [row] = await db
    .select({ id: registers.id })
    .from(registers)
    .where(and(eq(registers.municipalityId, municipalityId), eq(registers.kind, kind)))
    .limit(1)
    .for('update');
  return row!.id;
}

export async function findRegister(db: DbOrTx, municipalityId: string, kind: RegisterKind) {
  const [row] = await db
    .select()
    .from(registers)
    .where(and(eq(registers.municipalityId, municipalityId), eq(registers.kind, kind)))
    .limit(1);
  return row;
}

export async function listRegisters(db: DbOrTx, municipalityId: string) {
  return db
    .select({ kind: registers.kind, rowCount: registers.rowCount, importedAt: registers.importedAt })
    .from(registers)
    .where(eq(registers.municipalityId, municipalityId));
}

/**
 * The look-up of a batch's external keys, shaped so that PostgreSQL can only answer it with one probe of the
 * unique index `entities_register_external_uq` per key (docs/benchmarks.md section 5). Inside an import's
 * transaction `entities` has no statistics for the rows the import itself wrote, and the plain form
 * `register_id = $1 and external_key = any($2)` was then planned as a scan of the whole register on
 * `register_id` with `external_key` as a filter: every batch read every record so far, a quadratic first
 * import. Here each key is a LATERAL subquery with `limit 1` (which PostgreSQL cannot flatten into a join it
 * could hash): a nested loop whose inner side has equality on both columns of a unique index, so at most one row,
 * whatever the statistics say. Exported for the plan test.
 */
export function externalKeysQuery(registerId: string, externalKeys: readonly string[]): SQL {
  // One array parameter: a list of a thousand parameters costs PostgreSQL far more to plan.
  return sql`select e.id::text as id, k.external_key, e.content_hash
               from unnest(${pgArray(externalKeys)}::text[]) as k(external_key)
               cross join lateral (
                 select id, content_hash from entities
                  where register_id = ${registerId}::uuid and external_key = k.external_key
                  limit 1) as e`;
}

/** The stored records of a register among the given external keys (blind indexes): key → id and content hash. */
export async function findByExternalKeys(db: DbOrTx, registerId: string, externalKeys: readonly string[]): Promise<Map<string, { id: string; contentHash: string | null }>> {
  const out = new Map<string, { id: string; contentHash: string | null }>();
  if (externalKeys.length === 0) return out;
  const rows = await rawRows<{ id: string; external_key: string; content_hash: string | null }>(db, externalKeysQuery(registerId, externalKeys));
  for (const r of rows) out.set(r.external_key, { id: r.id, contentHash: r.content_hash });
  return out;
}

/** Whether the register holds any record (one probe of the unique index). */
export async function registerHasRecords(db: DbOrTx, registerId: string): Promise<boolean> {
  const [row] = await rawRows<{ found: boolean }>(db, sql`select exists (select 1 from entities where register_id = ${registerId}::uuid) as found`);
  return row?.found === true;
}

/**
 * Fresh planner statistics for the tables an import fills, after it committed. PostgreSQL's autovacuum would
 * gather them some time later (and never where it is switched off); until then a query planned on a table that
 * grew from nothing to a million rows can pick a bad plan. Sampled (a few seconds at most), and run outside the
 * import's transaction so two imports never wait for each other's ANALYZE.
 */
export async function analyzeRegisterTables(db: DbOrTx): Promise<void> {
  await db.execute(sql`analyze entities`);
  await db.execute(sql`analyze entity_keys`);
}

export interface LiveRecord {
  externalKey: string;
  kind: EntityKind;
  data: EntityData;
}

/**
 * The register records for hits of a live register lookup (live-lookup.ts): an existing record with the same
 * external key is reused as it is, a missing one is created without a content hash. The register's row is locked
 * as an import locks it, waiting at most `lockTimeoutMs` (a running import of the register then makes this throw).
 * Returns external key → entity id.
 */
export async function findOrCreateLiveRecords(
  db: Db,
  vault: Vault,
  base: { municipalityId: string; kind: RegisterKind; createdById: string; lockTimeoutMs: number },
  records: readonly LiveRecord[],
): Promise<Map<string, string>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = ${Math.max(1, Math.round(base.lockTimeoutMs))}`));
    const registerId = await ensureRegister(tx, base.municipalityId, base.kind);
    const unique = [...new Map(records.map((r) => [r.externalKey, r])).values()];
    const existing = await findByExternalKeys(tx, registerId, unique.map((r) => r.externalKey));
    const fresh = unique.filter((r) => !existing.has(r.externalKey));
    const created = await insertEntities(
      tx,
      vault,
      fresh.map((r) => ({
        municipalityId: base.municipalityId,
        kind: r.kind,
        data: r.data,
        origin: 'register' as const,
        registerId,
        externalKey: r.externalKey,
        contentHash: null,
        createdById: base.createdById,
      })),
    );
    const ids = new Map([...existing].map(([key, found]) => [key, found.id]));
    fresh.forEach((r, i) => ids.set(r.externalKey, created[i]!));
    return ids;
  });
}

export interface EntityUpdate {
  id: string;
  municipalityId: string;
  kind: EntityKind;
  data: EntityData;
  contentHash: string;
}

/**
 * Replace the content of register records IN PLACE: same id, new data (sealed under the same id),
 * new content hash, new keys. The coordinator's links point at the id, so they stay.
 */
export async function updateEntitiesInPlace(db: DbOrTx, vault: Vault, list: readonly EntityUpdate[], now: Date): Promise<void> {
  if (list.length === 0) return;
  const values = sql.join(
    list.map((u) => sql`(${u.id}::uuid, ${sealEntityData(vault, u.id, u.data)}, ${u.contentHash}, ${u.kind})`),
    sql`, `,
  );
  await db.execute(sql`
    update entities as e
       set data = v.data, content_hash = v.content_hash, kind = v.kind, updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as v(id, data, content_hash, kind)
     where e.id = v.id`);
  const ids = list.map((u) => u.id);
  await db.delete(entityKeys).where(inArray(entityKeys.entityId, ids));
  await insertKeyRows(db, list.flatMap((u) => keyRowsOf(vault, u.municipalityId, rawEntityOf(u.kind, u.data)).map((k) => ({ entityId: u.id, ...k }))));
}

export interface NewRegisterRecord {
  kind: EntityKind;
  data: EntityData;
  externalKey: string;
  contentHash: string;
}

/**
 * Insert register records and their matching keys: what entities/entity.repo.ts insertEntities
 * does, but with array parameters (unnest) instead of one parameter per value, so that a batch is
 * a few short statements that PostgreSQL parses at once (a million rows import in minutes, not hours).
 */
export async function insertRegisterRecords(
  db: DbOrTx,
  vault: Vault,
  base: { municipalityId: string; registerId: string; createdById: string | null },
  list: readonly NewRegisterRecord[],
): Promise<void> {
  if (list.length === 0) return;
  const rows = list.map((r) => ({ ...r, id: randomUUID() }));
  await db.execute(sql`
    insert into entities (id, municipality_id, kind, register_id, external_key, content_hash, data, origin, created_by_id)
    select id, ${base.municipalityId}::uuid, kind, ${base.registerId}::uuid, external_key, content_hash, data, 'register', ${base.createdById}::uuid
      from unnest(${pgArray(rows.map((r) => r.id))}::uuid[], ${pgArray(rows.map((r) => r.kind))}::text[],
                  ${pgArray(rows.map((r) => r.externalKey))}::text[], ${pgArray(rows.map((r) => r.contentHash))}::text[],
                  ${pgArray(rows.map((r) => sealEntityData(vault, r.id, r.data)))}::text[])
           as t(id, kind, external_key, content_hash, data)`);
  await insertKeyRows(db, rows.flatMap((r) => keyRowsOf(vault, base.municipalityId, rawEntityOf(r.kind, r.data)).map((k) => ({ entityId: r.id, ...k }))));
}

async function insertKeyRows(db: DbOrTx, keys: readonly (KeyRow & { entityId: string })[]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEY_ROWS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + KEY_ROWS_PER_STATEMENT);
    await db.execute(sql`
      insert into entity_keys (entity_id, field, hash)
      select * from unnest(${pgArray(chunk.map((k) => k.entityId))}::uuid[], ${pgArray(chunk.map((k) => String(k.field)))}::smallint[],
                           ${pgArray(chunk.map((k) => k.hash.toString()))}::bigint[])
      on conflict do nothing`);
  }
}

/** A PostgreSQL array literal of text values, every element quoted and escaped. */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// --- rows no longer in the file (replace) ------------------------------------------------

/**
 * The external keys seen in the file being imported, in a temporary table that lives until the
 * transaction ends: a million keys stay out of the process's memory, and the anti-join is indexed.
 */
export async function createSeenTable(db: DbOrTx): Promise<void> {
  await db.execute(sql`create temporary table if not exists register_import_seen (external_key text primary key) on commit drop`);
  await db.execute(sql`truncate register_import_seen`);
}

export async function addSeen(db: DbOrTx, externalKeys: readonly string[]): Promise<void> {
  if (externalKeys.length === 0) return;
  await db.execute(sql`insert into register_import_seen (external_key) select unnest(${pgArray(externalKeys)}::text[]) on conflict do nothing`);
}

// Records without a content hash came from a live register answer (live-lookup.ts), not from a file: a
// replacing import leaves them (and the links confirmed on them) alone.
const absent = (registerId: string) =>
  sql`e.register_id = ${registerId}::uuid and e.content_hash is not null
      and not exists (select 1 from register_import_seen s where s.external_key = e.external_key)`;

export async function countAbsent(db: DbOrTx, registerId: string): Promise<number> {
  const [row] = await rawRows<{ n: number | string }>(db, sql`select count(*) as n from entities e where ${absent(registerId)}`);
  return Number(row?.n ?? 0);
}

/** Remove the records not in the file; their keys and links go with them (ON DELETE CASCADE). */
export async function deleteAbsent(db: DbOrTx, registerId: string): Promise<number> {
  const [row] = await rawRows<{ n: number | string }>(
    db,
    sql`with gone as (delete from entities e where ${absent(registerId)} returning 1) select count(*) as n from gone`,
  );
  return Number(row?.n ?? 0);
}

export async function countRegisterRecords(db: DbOrTx, registerId: string): Promise<number> {
  const [row] = await rawRows<{ n: number | string }>(db, sql`select count(*) as n from entities where register_id = ${registerId}::uuid`);
  return Number(row?.n ?? 0);
}

export async function markImported(db: DbOrTx, registerId: string, values: { rowCount: number; importedAt: Date; importedById: string | null }): Promise<void> {
  await db.update(registers).set(values).where(eq(registers.id, registerId));
}
