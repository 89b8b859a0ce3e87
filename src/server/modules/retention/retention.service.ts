import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { DEFAULT_RETENTION, municipalitySettings, type RetentionTerms } from '../../../shared/api/admin.js';
import { SIGNAL_OUTCOMES, type SignalOutcome } from '../../../shared/domain.js';
import type { Database, DbOrTx } from '../../db/client.js';
import {
  enrichmentNotes,
  entities,
  identityDisclosures,
  meetingActions,
  meetingItems,
  referrals,
  reporterFeedback,
  signalAddresses,
  signalHistory,
  signalOrganisations,
  signalPersons,
  signals,
} from '../../db/schema/index.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import { addDays, localDate, type Clock } from '../../lib/clock.js';
import { audit } from '../audit/audit.service.js';
import { listMunicipalities } from '../municipality/municipality.repo.js';

/** Advisory lock key of the retention job: several app instances schedule it, one executes. Distinct from the
 * migration lock (…0001) and the audit chain lock (…0002): sharing the chain key would stall every audited write. */
export const RETENTION_LOCK_KEY = 0x4d52_0003;
/** The coordinator is warned this many days before a signal's personal data is removed. */
export const RETENTION_WARNING_DAYS = 30;
/** What remains of removed free text that cannot be empty. */
export const REMOVED_MARKER = '[verwijderd]';

const closedLocalDate = sql<string>`to_char(${signals.closedAt} at time zone 'Europe/Amsterdam', 'YYYY-MM-DD')`;

/** Closed signals (not on hold, not yet anonymised) whose local closing date is on or before `closedOnOrBefore`. */
export async function listRetentionCandidates(db: DbOrTx, municipalityId: string, outcome: SignalOutcome, closedOnOrBefore: string, limit = 500) {
  return db
    .select({ id: signals.id, number: signals.number, outcome: signals.outcome, closedAt: signals.closedAt, closedOn: closedLocalDate })
    .from(signals)
    .where(
      and(
        eq(signals.municipalityId, municipalityId),
        eq(signals.state, 'closed'),
        eq(signals.outcome, outcome),
        eq(signals.legalHold, false),
        isNull(signals.anonymisedAt),
        lte(closedLocalDate, closedOnOrBefore),
      ),
    )
    .orderBy(asc(signals.closedAt))
    .limit(limit);
}

/** The day a signal closed on `closedOn` with that outcome loses its personal data. */
export const anonymiseOn = (closedOn: string, terms: RetentionTerms, outcome: SignalOutcome) => addDays(closedOn, terms[outcome]);

/** Signals of a municipality whose personal data is removed within the warning period (for the worklist). */
export async function listRetentionDue(db: DbOrTx, municipalityId: string, terms: RetentionTerms, today: string) {
  const horizon = addDays(today, RETENTION_WARNING_DAYS);
  const rows = (
    await Promise.all(SIGNAL_OUTCOMES.map((o) => listRetentionCandidates(db, municipalityId, o, addDays(horizon, -terms[o]), 200)))
  ).flat();
  return rows
    .map((r) => ({ id: r.id, number: r.number, outcome: r.outcome!, closedAt: r.closedAt!.toISOString(), anonymiseOn: anonymiseOn(r.closedOn, terms, r.outcome!) }))
    .sort((a, b) => a.anonymiseOn.localeCompare(b.anonymiseOn) || a.number.localeCompare(b.number));
}

export interface RetentionRunResult {
  /** False when another instance held the lock and this call did nothing. */
  ran: boolean;
  anonymised: number;
}

/**
 * Remove personal data and free text of closed signals whose retention term has ended (per municipality and
 * outcome; a legal hold keeps them). What the monitoring needs stays: dates, forms, department, outcome, state
 * and the referrals' partners and dates. One transaction per signal, audited with counts only.
 * The ticked indicators (signal_indicators, issue 6.3) stay as well: anonymous facts the monitoring counts
 * (docs/indicators.md), so nothing here touches them.
 */
export function createRetentionService(deps: { database: Database; clock: Clock; vault: Vault }) {
  const { database, clock, vault } = deps;

  async function anonymise(db: DbOrTx, signalId: string, municipalityId: string, outcome: SignalOutcome, now: Date): Promise<boolean> {
    return db.transaction(async (tx) => {
      // Re-check under a row lock: a legal hold set meanwhile, or another run, wins.
      const [row] = await tx
        .select({ id: signals.id })
        .from(signals)
        .where(and(eq(signals.id, signalId), eq(signals.legalHold, false), isNull(signals.anonymisedAt)))
        .for('update');
      if (!row) return false;
      const persons = await tx.delete(signalPersons).where(eq(signalPersons.signalId, signalId)).returning({ id: signalPersons.id });
      const organisations = await tx.delete(signalOrganisations).where(eq(signalOrganisations.signalId, signalId)).returning({ id: signalOrganisations.id });
      const addresses = await tx.delete(signalAddresses).where(eq(signalAddresses.signalId, signalId)).returning({ id: signalAddresses.id });
      const notes = await tx.delete(enrichmentNotes).where(eq(enrichmentNotes.signalId, signalId)).returning({ id: enrichmentNotes.id });
      // The signal's entities (and with them their keys and the coordinator's links) hold the same personal data.
      const entityRows = await tx.delete(entities).where(eq(entities.signalId, signalId)).returning({ id: entities.id });
      await tx
        .update(signals)
        // Who reported it goes too: the reporter's own list no longer shows the signal, and nobody can look it up.
        .set({ reporterRef: null, reporterKey: null, submitterKey: null, legacyReporterId: null, legacySubmittedById: null })
        .where(eq(signals.id, signalId));
      await tx
        .update(signals)
        .set({ explanation: recordCipher(vault, 'signals', signalId).seal('explanation', REMOVED_MARKER), place: null, observedTime: null, meetingNote: null, anonymisedAt: now, updatedAt: now })
        .where(eq(signals.id, signalId));
      const refs = await tx.update(referrals).set({ sharedNote: null, feedbackText: null }).where(eq(referrals.signalId, signalId)).returning({ id: referrals.id });
      // Texts that cannot be empty become the marker, encrypted like any value of the column.
      const feedback = await tx.select({ id: reporterFeedback.id }).from(reporterFeedback).where(eq(reporterFeedback.signalId, signalId));
      for (const f of feedback) {
        await tx.update(reporterFeedback).set({ text: recordCipher(vault, 'reporter_feedback', f.id).seal('text', REMOVED_MARKER) }).where(eq(reporterFeedback.id, f.id));
      }
      const disclosures = await tx.select({ id: identityDisclosures.id }).from(identityDisclosures).where(eq(identityDisclosures.signalId, signalId));
      for (const d of disclosures) {
        await tx
          .update(identityDisclosures)
          .set({ reason: recordCipher(vault, 'identity_disclosures', d.id).seal('reason', REMOVED_MARKER) })
          .where(eq(identityDisclosures.id, d.id));
      }
      await tx.update(signalHistory).set({ reason: null }).where(eq(signalHistory.signalId, signalId));
      // Issue 6.1: what meetings said about it — the agenda summary, minutes, decision, the persons shared
      // (deleted above) and the action items' descriptions. The item stays (number and forms) in the meeting.
      const items = await tx
        .update(meetingItems)
        .set({ summary: null, minutes: null, decision: null, sharedPersonIds: [], updatedAt: now })
        .where(eq(meetingItems.signalId, signalId))
        .returning({ id: meetingItems.id });
      const actions = await tx.select({ id: meetingActions.id }).from(meetingActions).where(eq(meetingActions.signalId, signalId));
      for (const a of actions) {
        await tx
          .update(meetingActions)
          .set({ description: recordCipher(vault, 'meeting_actions', a.id).seal('description', REMOVED_MARKER), updatedAt: now })
          .where(eq(meetingActions.id, a.id));
      }
      await audit(tx, null, {
        action: 'signal.retention_anonymise',
        objectType: 'signal',
        objectId: signalId,
        result: 'ok',
        details: {
          municipalityId,
          outcome,
          persons: persons.length,
          organisations: organisations.length,
          addresses: addresses.length,
          enrichmentNotes: notes.length,
          entities: entityRows.length,
          referrals: refs.length,
          reporterFeedback: feedback.length,
          identityDisclosures: disclosures.length,
          meetingItems: items.length,
          meetingActions: actions.length,
        },
      });
      return true;
    });
  }

  return {
    /** Run once; skipped (ran: false) when another instance is running it. */
    async runRetention(now: Date = clock.now()): Promise<RetentionRunResult> {
      const today = localDate(now);
      const outcome = await database.tryWithAdvisoryLock(RETENTION_LOCK_KEY, async (db) => {
        let anonymised = 0;
        for (const m of await listMunicipalities(db)) {
          const terms = municipalitySettings.parse(m.settings).retention ?? DEFAULT_RETENTION;
          for (const o of SIGNAL_OUTCOMES) {
            for (const s of await listRetentionCandidates(db, m.id, o, addDays(today, -terms[o]))) {
              if (await anonymise(db, s.id, m.id, o, now)) anonymised += 1;
            }
          }
        }
        return anonymised;
      });
      return outcome.ran ? { ran: true, anonymised: outcome.value } : { ran: false, anonymised: 0 };
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
