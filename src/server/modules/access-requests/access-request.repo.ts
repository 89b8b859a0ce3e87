import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { signalPersons, signals } from '../../db/schema/index.js';

/**
 * Access requests (AVG art. 15): person records found by their blind indexes only.
 * The caller computes the keys (crypto/blind-keys.ts) from what the coordinator typed;
 * no plaintext search term reaches the database.
 */
export interface PersonSearchKeys {
  nameKey?: string | null | undefined;
  emailKey?: string | null | undefined;
  phoneKey?: string | null | undefined;
}

export interface PersonCandidate {
  personId: string;
  signal: { id: string; number: string; receivedAt: Date; state: (typeof signals.$inferSelect)['state']; outcome: (typeof signals.$inferSelect)['outcome'] };
  nameMatch: boolean;
  emailMatch: boolean;
  phoneMatch: boolean;
  /** Decrypted only for records that matched on the name (to compare the date of birth). */
  birthDate: string | null;
}

/** Person records of the municipality's signals whose name, e-mail or phone key equals one of the given keys. */
export async function findPersonCandidates(db: DbOrTx, vault: Vault, municipalityId: string, keys: PersonSearchKeys): Promise<PersonCandidate[]> {
  const conditions: SQL[] = [];
  if (keys.nameKey) conditions.push(eq(signalPersons.nameKey, keys.nameKey));
  if (keys.emailKey) conditions.push(eq(signalPersons.emailKey, keys.emailKey));
  if (keys.phoneKey) conditions.push(eq(signalPersons.phoneKey, keys.phoneKey));
  if (!conditions.length) return [];
  const rows = await db
    .select({
      personId: signalPersons.id,
      nameKey: signalPersons.nameKey,
      emailKey: signalPersons.emailKey,
      phoneKey: signalPersons.phoneKey,
      birthDate: signalPersons.birthDate,
      signalId: signals.id,
      number: signals.number,
      receivedAt: signals.receivedAt,
      state: signals.state,
      outcome: signals.outcome,
    })
    .from(signalPersons)
    .innerJoin(signals, eq(signals.id, signalPersons.signalId))
    .where(and(eq(signals.municipalityId, municipalityId), or(...conditions)))
    .orderBy(desc(signals.receivedAt), signalPersons.position);
  return rows.map((r) => {
    const nameMatch = Boolean(keys.nameKey) && r.nameKey === keys.nameKey;
    return {
      personId: r.personId,
      signal: { id: r.signalId, number: r.number, receivedAt: r.receivedAt, state: r.state, outcome: r.outcome },
      nameMatch,
      emailMatch: Boolean(keys.emailKey) && r.emailKey === keys.emailKey,
      phoneMatch: Boolean(keys.phoneKey) && r.phoneKey === keys.phoneKey,
      birthDate: nameMatch ? recordCipher(vault, 'signal_persons', r.personId).openOpt('birth_date', r.birthDate) : null,
    };
  });
}

/** Which of the given person records belong to the municipality's signals, and to which signal (no decryption). */
export async function findPersonSignals(db: DbOrTx, municipalityId: string, personIds: string[]): Promise<{ personId: string; signalId: string; receivedAt: Date }[]> {
  if (!personIds.length) return [];
  return db
    .select({ personId: signalPersons.id, signalId: signals.id, receivedAt: signals.receivedAt })
    .from(signalPersons)
    .innerJoin(signals, eq(signals.id, signalPersons.signalId))
    .where(and(eq(signals.municipalityId, municipalityId), inArray(signalPersons.id, personIds)))
    .orderBy(desc(signals.receivedAt));
}
