import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ReferralState, Role } from '../../../shared/domain.js';
import { AWAITING_FEEDBACK } from '../../../shared/referral-states.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { partners, referrals, signals, users } from '../../db/schema/index.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type ReferralInsert = Omit<typeof referrals.$inferInsert, 'id' | 'municipalityId'>;

const T = 'referrals';

/** sharedNote and feedbackText are stored encrypted (crypto/encrypted-columns.ts). */
function sealReferral<P extends Partial<ReferralInsert>>(vault: Vault, id: string, patch: P): P {
  const c = recordCipher(vault, T, id);
  return {
    ...patch,
    ...(patch.sharedNote !== undefined ? { sharedNote: c.sealOpt('shared_note', patch.sharedNote) } : {}),
    ...(patch.feedbackText !== undefined ? { feedbackText: c.sealOpt('feedback_text', patch.feedbackText) } : {}),
  };
}

function openReferral(vault: Vault, row: ReferralRow): ReferralRow {
  const c = recordCipher(vault, T, row.id);
  return { ...row, sharedNote: c.openOpt('shared_note', row.sharedNote), feedbackText: c.openOpt('feedback_text', row.feedbackText) };
}

export async function insertReferral(db: DbOrTx, vault: Vault, row: ReferralInsert): Promise<ReferralRow> {
  const id = randomUUID();
  // The municipality is the signal's own, taken from the signal in the same statement (never from the caller).
  const municipalityId = sql<string>`(select ${signals.municipalityId} from ${signals} where ${signals.id} = ${row.signalId})`;
  const [created] = await db.insert(referrals).values({ ...sealReferral(vault, id, row), id, municipalityId }).returning();
  return openReferral(vault, created!);
}

/** Referral with its signal's municipality, for scoping checks. */
export async function findReferral(db: DbOrTx, vault: Vault, municipalityId: string, id: string) {
  const rows = await db
    .select({ referral: referrals, partner: partners, signalState: signals.state, signalNumber: signals.number })
    .from(referrals)
    .innerJoin(signals, eq(signals.id, referrals.signalId))
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .where(and(eq(signals.municipalityId, municipalityId), eq(referrals.id, id)))
    .limit(1);
  return rows[0] ? { ...rows[0], referral: openReferral(vault, rows[0].referral) } : undefined;
}

export async function updateReferralState(
  db: DbOrTx,
  vault: Vault,
  id: string,
  from: ReferralState,
  patch: Partial<ReferralInsert> & { state: ReferralState },
): Promise<boolean> {
  const rows = await db
    .update(referrals)
    .set(sealReferral(vault, id, patch))
    .where(and(eq(referrals.id, id), eq(referrals.state, from)))
    .returning({ id: referrals.id });
  return rows.length > 0;
}

const feedbackBy = alias(users, 'feedback_by');

const referralColumns = {
  referral: referrals,
  signalNumber: signals.number,
  signalState: signals.state,
  partnerName: partners.name,
  partnerKind: partners.kind,
  feedbackByName: feedbackBy.displayName,
};

export type ReferralListRow = {
  referral: ReferralRow;
  signalNumber: string;
  signalState: (typeof signals.$inferSelect)['state'];
  partnerName: string;
  partnerKind: (typeof partners.$inferSelect)['kind'];
  feedbackByName: string | null;
};

async function listReferralsWhere(db: DbOrTx, vault: Vault, municipalityId: string, where: SQL | undefined): Promise<ReferralListRow[]> {
  const rows = await db
    .select(referralColumns)
    .from(referrals)
    .innerJoin(signals, eq(signals.id, referrals.signalId))
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .leftJoin(feedbackBy, eq(feedbackBy.id, referrals.feedbackById))
    .where(and(eq(signals.municipalityId, municipalityId), where))
    .orderBy(asc(referrals.feedbackDueOn), asc(referrals.createdAt));
  return rows.map((r) => ({ ...r, referral: openReferral(vault, r.referral) }));
}

export function listReferralsOfSignal(db: DbOrTx, vault: Vault, municipalityId: string, signalId: string) {
  return listReferralsWhere(db, vault, municipalityId, eq(referrals.signalId, signalId));
}

export function listOverdueReferrals(db: DbOrTx, vault: Vault, municipalityId: string, today: string) {
  return listReferralsWhere(
    db,
    vault,
    municipalityId,
    and(inArray(referrals.state, [...AWAITING_FEEDBACK]), lt(referrals.feedbackDueOn, today), ne(signals.state, 'closed')),
  );
}

/** Consultations addressed to an internal role (the meldcode officer). */
export function listConsultationsForRole(db: DbOrTx, vault: Vault, municipalityId: string, role: Role) {
  return listReferralsWhere(db, vault, municipalityId, and(eq(partners.kind, 'internal_role'), eq(partners.internalRole, role)));
}

/** Is this signal put before the given internal role for consultation? */
export async function isSignalConsultedByRole(db: DbOrTx, signalId: string, role: Role): Promise<boolean> {
  const rows = await db
    .select({ id: referrals.id })
    .from(referrals)
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .where(and(eq(referrals.signalId, signalId), eq(partners.kind, 'internal_role'), eq(partners.internalRole, role)))
    .limit(1);
  return rows.length > 0;
}

/** Referrals to outside partners (a consultation of an internal role is not a referral out of the municipality). */
export async function countExternalReferralsOfSignal(db: DbOrTx, signalId: string): Promise<number> {
  const rows = await db
    .select({ id: referrals.id })
    .from(referrals)
    .innerJoin(partners, eq(partners.id, referrals.partnerId))
    .where(and(eq(referrals.signalId, signalId), eq(partners.kind, 'external')));
  return rows.length;
}
