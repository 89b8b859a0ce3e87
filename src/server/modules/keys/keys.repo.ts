import { sql } from 'drizzle-orm';
import { rawRows, type DbOrTx } from '../../db/client.js';
import type { EncryptedTable } from '../../crypto/encrypted-columns.js';

/**
 * Generic access to the encrypted columns listed in crypto/encrypted-columns.ts, for
 * key rotation, the upgrade of plaintext rows and key status. Table and column names
 * come from that fixed list, never from input.
 */
const id = (name: string) => sql.identifier(name);

/** `mr1:<key id>:` — the start of a value encrypted with that key. */
const activePrefix = (keyId: string) => `mr1:${keyId}:%`;

/**
 * A page of rows holding at least one value not encrypted with the active key, or
 * (activeKeyId null) holding a value that is not encrypted at all.
 */
export async function listStaleRows(
  db: DbOrTx,
  t: EncryptedTable,
  activeKeyId: string | null,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; values: Record<string, string | null> }[]> {
  const pattern = activeKeyId === null ? 'mr1:%' : activePrefix(activeKeyId);
  const stale = sql.join(
    t.columns.map((c) => sql`(${id(c)} is not null and ${id(c)}::text not like ${pattern})`),
    sql` or `,
  );
  const cols = sql.join(t.columns.map((c) => sql`${id(c)}::text as ${id(c)}`), sql`, `);
  const after = afterId ? sql`and ${id(t.idColumn)}::text > ${afterId}` : sql``;
  const result = await rawRows<Record<string, unknown>>(db, 
    sql`select ${id(t.idColumn)}::text as "__id", ${cols} from ${id(t.table)} where (${stale}) ${after} order by ${id(t.idColumn)}::text limit ${limit}`,
  );
  return (result as Record<string, string | null>[]).map(({ __id, ...values }) => ({ id: __id!, values }));
}

/**
 * Replace one value if it is still the one we read (a concurrent change wins; the
 * next pass sees the new value). Returns whether it was replaced.
 */
export async function replaceValue(db: DbOrTx, t: EncryptedTable, rowId: string, column: string, from: string, to: string): Promise<boolean> {
  const result = await rawRows<Record<string, unknown>>(db, 
    sql`update ${id(t.table)} set ${id(column)} = ${to} where ${id(t.idColumn)}::text = ${rowId} and ${id(column)}::text = ${from} returning 1 as ok`,
  );
  return result.length > 0;
}

/** How many values of a column each key encrypted, and how many are not encrypted. */
export async function countValuesByKey(db: DbOrTx, t: EncryptedTable, column: string): Promise<{ keyId: string | null; count: number }[]> {
  const result = await rawRows<Record<string, unknown>>(db, 
    sql`select case when ${id(column)}::text like 'mr1:%' then split_part(${id(column)}::text, ':', 2) else null end as "keyId", count(*)::int as "count"
        from ${id(t.table)} where ${id(column)} is not null group by 1`,
  );
  return (result as { keyId: string | null; count: number }[]).map((r) => ({ keyId: r.keyId, count: Number(r.count) }));
}

// --- the upgrade of rows written before encryption at rest ---------------------------

/** Signals whose reporter link is still in the legacy plain columns. */
export async function listLegacyReporterLinks(db: DbOrTx, limit: number) {
  const result = await rawRows<Record<string, unknown>>(db, 
    sql`select id::text as id, reporter_id::text as "reporterId", submitted_by_id::text as "submittedById"
        from signals where reporter_ref is null and reporter_id is not null order by id limit ${limit}`,
  );
  return result as { id: string; reporterId: string; submittedById: string | null }[];
}

export async function moveReporterLink(db: DbOrTx, signalId: string, ref: string, reporterKey: string, submitterKey: string) {
  await db.execute(
    sql`update signals set reporter_ref = ${ref}, reporter_key = ${reporterKey}, submitter_key = ${submitterKey},
        reporter_id = null, submitted_by_id = null where id::text = ${signalId} and reporter_ref is null`,
  );
}

/** The submission's history entry named the reporter; the link now lives encrypted on the signal. */
export async function clearSubmissionActors(db: DbOrTx): Promise<number> {
  const result = await rawRows<Record<string, unknown>>(db, sql`update signal_history set actor_id = null where action = 'submit' and actor_id is not null returning 1 as ok`);
  return result.length;
}

export type PartRowsWithoutKeys =
  | { kind: 'person'; rows: { id: string; full_name: string; email: string | null; phone: string | null }[] }
  | { kind: 'organisation'; rows: { id: string; name: string; kvk_number: string | null }[] }
  | { kind: 'address'; rows: { id: string; postcode: string; house_number: string; addition: string | null }[] };

/** Parts of signals that have no blind index yet (written before encryption at rest). */
export async function listPartsWithoutKeys(db: DbOrTx, limit: number): Promise<PartRowsWithoutKeys[]> {
  const persons = await rawRows<Record<string, unknown>>(db, 
    sql`select id::text as id, full_name, email, phone from signal_persons where name_key is null order by id limit ${limit}`,
  );
  const organisations = await rawRows<Record<string, unknown>>(db, 
    sql`select id::text as id, name, kvk_number from signal_organisations where name_key is null order by id limit ${limit}`,
  );
  const addresses = await rawRows<Record<string, unknown>>(db, 
    sql`select id::text as id, postcode, house_number::text as house_number, addition from signal_addresses where address_key is null order by id limit ${limit}`,
  );
  return [
    { kind: 'person', rows: persons as never },
    { kind: 'organisation', rows: organisations as never },
    { kind: 'address', rows: addresses as never },
  ];
}

export async function setPersonKeys(db: DbOrTx, rowId: string, keys: { nameKey: string | null; emailKey: string | null; phoneKey: string | null }) {
  await db.execute(
    sql`update signal_persons set name_key = ${keys.nameKey ?? ''}, email_key = ${keys.emailKey}, phone_key = ${keys.phoneKey} where id::text = ${rowId}`,
  );
}

export async function setOrganisationKeys(db: DbOrTx, rowId: string, keys: { nameKey: string | null; kvkKey: string | null }) {
  await db.execute(sql`update signal_organisations set name_key = ${keys.nameKey ?? ''}, kvk_key = ${keys.kvkKey} where id::text = ${rowId}`);
}

export async function setAddressKey(db: DbOrTx, rowId: string, addressKey: string | null) {
  await db.execute(sql`update signal_addresses set address_key = ${addressKey ?? ''} where id::text = ${rowId}`);
}

// --- checking the configured keys against the data (`meldroute restore`) ---------------

/**
 * Encrypted values of one column to try decrypting: the first `limit` rows by id plus one value
 * per key id, so every key that protects something in the column is tried.
 */
export async function sampleEncryptedValues(db: DbOrTx, t: EncryptedTable, column: string, limit: number): Promise<{ id: string; value: string }[]> {
  const c = id(column);
  const encrypted = sql`${c} is not null and ${c}::text like 'mr1:%'`;
  return rawRows<{ id: string; value: string }>(
    db,
    sql`(select ${id(t.idColumn)}::text as id, ${c}::text as value from ${id(t.table)} where ${encrypted} order by ${id(t.idColumn)} limit ${limit})
        union
        (select distinct on (split_part(${c}::text, ':', 2)) ${id(t.idColumn)}::text, ${c}::text from ${id(t.table)} where ${encrypted}
         order by split_part(${c}::text, ':', 2), ${id(t.idColumn)})`,
  );
}

/** Signals with their encrypted reporter link and its blind index, to check the index key. */
export async function sampleReporterLinks(db: DbOrTx, limit: number): Promise<{ id: string; reporterRef: string; reporterKey: string }[]> {
  return rawRows<{ id: string; reporterRef: string; reporterKey: string }>(
    db,
    sql`select id::text as id, reporter_ref as "reporterRef", reporter_key as "reporterKey" from signals
        where reporter_ref like 'mr1:%' and reporter_key is not null order by id limit ${limit}`,
  );
}
