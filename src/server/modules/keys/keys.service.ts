import type { Database, DbOrTx } from '../../db/client.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import { ENCRYPTED_TABLES } from '../../crypto/encrypted-columns.js';
import { DecryptionError, keyIdOf, placeOf, type Vault } from '../../crypto/vault.js';
import { audit } from '../audit/audit.service.js';
import {
  clearSubmissionActors,
  countValuesByKey,
  listLegacyReporterLinks,
  listPartsWithoutKeys,
  listStaleRows,
  moveReporterLink,
  replaceValue,
  sampleEncryptedValues,
  sampleReporterLinks,
  setAddressKey,
  setOrganisationKeys,
  setPersonKeys,
} from './keys.repo.js';

const BATCH = 500;
const ENCRYPTED = /^mr1:/;

export interface ReencryptResult {
  /** Values re-encrypted with the active key (or encrypted for the first time). */
  reencrypted: number;
  /** Values changed by someone else between read and write: the next pass takes them. */
  skipped: number;
}

export interface KeyStatus {
  activeKeyId: string;
  /** Per key id (null: not encrypted) the number of values it protects. */
  values: { keyId: string | null; count: number }[];
}

/** Whether the configured keys read the data (`meldroute restore` checks a restored database with it). */
export interface KeyCheck {
  /** Values decrypted: a sample of every encrypted column, with every key id that occurs in it. */
  decrypted: number;
  /** Reporter links whose blind index was recomputed and compared (the index key). */
  indexChecked: number;
  /** What does not fit the configured keys (ids and counts only); empty when everything does. */
  problems: string[];
}

const DECRYPTION_PROBLEM: Record<DecryptionError['reason'], string> = {
  unknown_key: 'are encrypted with key "%s", which the configured keys do not hold',
  authentication: 'do not decrypt with key "%s": the configured key with that id is another key',
  format: 'are not valid encrypted values (key "%s")',
};

/**
 * Key rotation and the upgrade of data written before encryption at rest. Both walk
 * the columns of crypto/encrypted-columns.ts in pages, one short statement per value
 * (no long transaction, no lock on the tables): the application keeps serving while it
 * runs, and a value changed meanwhile is picked up by the next pass.
 */
export function createKeysService(deps: { database: Database; vault: Vault }) {
  const { database, vault } = deps;
  const keys = blindKeys(vault);

  const open = (value: string, place: string) => (ENCRYPTED.test(value) ? vault.decrypt(value, place) : value);

  /**
   * One pass over every encrypted column: whatever is not under the active key is
   * (re-)encrypted; with `plaintextOnly`, only values that are not encrypted at all (so
   * an instance started with an older key file never re-encrypts back to its key).
   */
  async function reencryptPass(db: DbOrTx, plaintextOnly = false): Promise<ReencryptResult> {
    const result: ReencryptResult = { reencrypted: 0, skipped: 0 };
    const active = vault.activeKeyId;
    for (const t of ENCRYPTED_TABLES) {
      let after: string | null = null;
      for (;;) {
        const rows = await listStaleRows(db, t, plaintextOnly ? null : active, after, BATCH);
        if (rows.length === 0) break;
        for (const row of rows) {
          for (const column of t.columns) {
            const value = row.values[column];
            if (value === null || value === undefined) continue;
            if (ENCRYPTED.test(value) && (plaintextOnly || keyIdOf(value) === active)) continue;
            const place = placeOf(t.table, column, row.id);
            const replaced = await replaceValue(db, t, row.id, column, value, vault.encrypt(open(value, place), place));
            if (replaced) result.reencrypted += 1;
            else result.skipped += 1;
          }
        }
        after = rows[rows.length - 1]!.id;
      }
    }
    return result;
  }

  /** Rows from before encryption at rest: reporter link, blind indexes, then the values themselves. */
  async function upgradeLegacy(db: DbOrTx): Promise<number> {
    let changed = 0;
    for (;;) {
      const links = await listLegacyReporterLinks(db, BATCH);
      if (links.length === 0) break;
      for (const l of links) {
        const submittedById = l.submittedById ?? l.reporterId;
        const ref = vault.encrypt(JSON.stringify({ reporterId: l.reporterId, submittedById }), placeOf('signals', 'reporter_ref', l.id));
        await moveReporterLink(db, l.id, ref, keys.user(l.reporterId), keys.user(submittedById));
        changed += 1;
      }
    }
    changed += await clearSubmissionActors(db);
    for (;;) {
      const groups = await listPartsWithoutKeys(db, BATCH);
      if (groups.every((g) => g.rows.length === 0)) break;
      for (const g of groups) {
        for (const r of g.rows) {
          const o = (column: string, v: string | null) => (v === null ? null : open(v, placeOf(`signal_${g.kind === 'person' ? 'persons' : g.kind === 'organisation' ? 'organisations' : 'addresses'}`, column, r.id)));
          if (g.kind === 'person') {
            const p = r as (typeof g.rows)[number];
            await setPersonKeys(db, p.id, {
              nameKey: keys.personName(o('full_name', p.full_name)!),
              emailKey: keys.email(o('email', p.email)),
              phoneKey: keys.phone(o('phone', p.phone)),
            });
          } else if (g.kind === 'organisation') {
            const org = r as (typeof g.rows)[number];
            await setOrganisationKeys(db, org.id, { nameKey: keys.organisationName(o('name', org.name)!), kvkKey: keys.kvk(o('kvk_number', org.kvk_number)) });
          } else {
            const a = r as (typeof g.rows)[number];
            await setAddressKey(db, a.id, keys.address(o('postcode', a.postcode)!, o('house_number', a.house_number)!, o('addition', a.addition)));
          }
          changed += 1;
        }
      }
    }
    const pass = await reencryptPass(db, true);
    return changed + pass.reencrypted;
  }

  return {
    /**
     * Re-encrypt everything not under the active key, pass after pass until a pass
     * finds nothing (values written meanwhile by an instance that had not yet seen
     * the new key are caught by the next pass). Audited with counts only.
     */
    async reencryptAll(maxPasses = 5): Promise<ReencryptResult & { passes: number }> {
      const total = { reencrypted: 0, skipped: 0, passes: 0 };
      for (let i = 0; i < maxPasses; i += 1) {
        const pass = await reencryptPass(database.db);
        total.passes += 1;
        total.reencrypted += pass.reencrypted;
        total.skipped += pass.skipped;
        if (pass.reencrypted === 0 && pass.skipped === 0) break;
      }
      await audit(database.db, null, {
        action: 'keys.reencrypt',
        objectType: 'encryption_key',
        objectId: vault.activeKeyId,
        result: 'ok',
        details: { reencrypted: total.reencrypted, passes: total.passes },
      });
      return total;
    },

    /** At startup, under the migration lock: bring rows from before encryption at rest up to date. */
    async upgradeLegacyData(db: DbOrTx = database.db): Promise<number> {
      const changed = await upgradeLegacy(db);
      if (changed > 0) {
        await audit(db, null, { action: 'keys.encrypt_legacy', objectType: 'encryption_key', objectId: vault.activeKeyId, result: 'ok', details: { changed } });
      }
      return changed;
    },

    /**
     * Try the configured keys on the data: decrypt up to `sample` values of every encrypted column
     * (and one under every key id found there), and recompute the blind index of up to `sample`
     * reporter links (the index key). Reads only.
     */
    async verifyKeys(sample = 100): Promise<KeyCheck> {
      const failures = new Map<string, number>();
      let decrypted = 0;
      for (const t of ENCRYPTED_TABLES) {
        for (const column of t.columns) {
          for (const row of await sampleEncryptedValues(database.db, t, column, sample)) {
            try {
              vault.decrypt(row.value, placeOf(t.table, column, row.id));
              decrypted += 1;
            } catch (error) {
              if (!(error instanceof DecryptionError)) throw error;
              const problem = `of ${t.table}.${column} ${DECRYPTION_PROBLEM[error.reason].replace('%s', keyIdOf(row.value))}`;
              failures.set(problem, (failures.get(problem) ?? 0) + 1);
            }
          }
        }
      }
      const problems = [...failures].map(([problem, count]) => `${count} sampled value(s) ${problem}`);
      let indexChecked = 0;
      let indexMismatches = 0;
      for (const link of await sampleReporterLinks(database.db, sample)) {
        let reporterId: string;
        try {
          ({ reporterId } = JSON.parse(vault.decrypt(link.reporterRef, placeOf('signals', 'reporter_ref', link.id))) as { reporterId: string });
        } catch (error) {
          if (error instanceof DecryptionError) continue; // counted above with signals.reporter_ref
          throw error;
        }
        indexChecked += 1;
        if (keys.user(reporterId) !== link.reporterKey) indexMismatches += 1;
      }
      if (indexMismatches > 0) {
        problems.push(`the index key (indexKey) is not the one the data was indexed with: ${indexMismatches} of ${indexChecked} reporter links do not match their blind index`);
      }
      return { decrypted, indexChecked, problems };
    },

    /** Which keys protect how many values; a key with no values left can be removed from the key file. */
    async status(): Promise<KeyStatus> {
      return { activeKeyId: vault.activeKeyId, values: await countValuesPerKey(database.db) };
    },
  };
}

export type KeysService = ReturnType<typeof createKeysService>;

/** Per key id (null: not encrypted) the number of values it protects, over every encrypted column. Needs no key. */
export async function countValuesPerKey(db: DbOrTx): Promise<KeyStatus['values']> {
  const totals = new Map<string | null, number>();
  for (const t of ENCRYPTED_TABLES) {
    for (const column of t.columns) {
      for (const { keyId, count } of await countValuesByKey(db, t, column)) {
        totals.set(keyId, (totals.get(keyId) ?? 0) + count);
      }
    }
  }
  return [...totals].map(([keyId, count]) => ({ keyId, count })).sort((a, b) => String(a.keyId).localeCompare(String(b.keyId)));
}
