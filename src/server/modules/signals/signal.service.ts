import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  closeSignalInput,
  createdSignal,
  departmentSignalRow,
  enrichmentNoteInput,
  meetingMarkInput,
  legalHoldInput,
  ownSignalRow,
  reopenSignalInput,
  reporterFeedbackInput,
  reporterIdentity,
  revealedIdentity,
  revealIdentityInput,
  signalClassificationInput,
  SignalInputParsed,
  signalListQuery,
  worklist,
} from '../../../shared/api/signal.js';
import type { ExploitationForm, SignalState } from '../../../shared/domain.js';
import { allowedSignalActions, findTransition, type SignalAction } from '../../../shared/signal-states.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, conflict, fieldError, forbidden, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit, auditResultOf, SIGNAL_PSEUDONYM } from '../audit/audit.service.js';
import { findDepartment, findMunicipality } from '../municipality/municipality.repo.js';
import {
  countExternalReferralsOfSignal,
  isSignalConsultedByRole,
  listOverdueReferrals,
  listReferralsOfSignal,
} from '../referrals/referral.repo.js';
import { findUserById } from '../users/user.repo.js';
import { insertEntities } from '../entities/entity.repo.js';
import { entitiesFromParts } from '../entities/entity.service.js';
import { listRetentionDue } from '../retention/retention.service.js';
import { checkTicks, recordReporterTicks } from '../indicators/indicator.service.js';
import { notifyNewSignal } from '../notifications/notify.js';
import {
  claimSubmission,
  findSignal,
  findSignalIdByNumber,
  findSubmission,
  findSignalNumber,
  hasReporterFeedback,
  findSignalSummary,
  insertEnrichmentNote,
  insertHistory,
  insertIdentityDisclosure,
  insertReporterFeedback,
  insertSignal,
  insertSignalParts,
  listDepartmentOpenSignals,
  listEnrichmentNotes,
  listHistory,
  listIdentityDisclosures,
  listOwnSignals,
  listReporterFeedback,
  listSignalSummaries,
  loadSignalParts,
  nextSignalSequence,
  setSubmissionSignal,
  signalFilters,
  updateSignal,
  updateSignalState,
  type SignalPatch,
  type SignalRow,
} from './signal.repo.js';
import { ownStatus, toContent, toReferral, toSummary, type OwnSignal, type SignalDetail, type SignalSummary } from './signal.views.js';

type ReporterIdentity = z.output<typeof reporterIdentity>;

/** Normalise a Dutch postcode to "1234 AB". */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, 4)} ${compact.slice(4)}`;
}

const ACTION_LABEL: Record<SignalAction, string> = {
  register: 'registreren',
  refer: 'doorverwijzen',
  close: 'afsluiten',
  reopen: 'heropenen',
};
const STATE_LABEL: Record<SignalState, string> = {
  received: 'ontvangen',
  registered: 'geregistreerd',
  referred: 'doorverwezen',
  closed: 'afgesloten',
};

const transitionNotAllowed = (action: SignalAction, from: SignalState) =>
  new AppError(409, 'transition_not_allowed', `Deze stap is niet toegestaan: een signaal met de status "${STATE_LABEL[from]}" kunt u niet ${ACTION_LABEL[action]}.`);

const signalClosed = () =>
  conflict('signal_closed', 'Het signaal is afgesloten. Heropen het signaal om het te wijzigen.');

const concurrentChange = () =>
  conflict('concurrent_change', 'Het signaal is zojuist door iemand anders gewijzigd. Laad de pagina opnieuw.');

/**
 * Apply a transition from the table in src/shared/signal-states.ts and record it
 * in the signal's history. Guards beyond the table are checked by the caller.
 */
export async function transitionSignal(
  tx: DbOrTx,
  vault: Vault,
  signal: SignalRow,
  action: SignalAction,
  actor: Actor,
  at: Date,
  opts: { reason?: string | null | undefined; patch?: SignalPatch } = {},
): Promise<SignalState> {
  const transition = findTransition(action, signal.state);
  if (!transition) throw transitionNotAllowed(action, signal.state);
  const moved = await updateSignalState(tx, vault, signal.id, signal.state, { ...opts.patch, state: transition.to });
  if (!moved) throw concurrentChange();
  await insertHistory(tx, vault, {
    signalId: signal.id,
    action,
    fromState: signal.state,
    toState: transition.to,
    reason: opts.reason ?? null,
    actorId: actor.userId,
    at,
  });
  return transition.to;
}

export function createSignalService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;
  const keys = blindKeys(vault);

  /** Load a signal of the actor's municipality for the coordinator's work, or 404. */
  async function loadForManagement(tx: DbOrTx, actor: Actor, id: string): Promise<SignalRow> {
    assertCan(actor, 'signal.manage');
    const signal = await findSignal(tx, vault, actor.municipalityId, id);
    if (!signal) throw notFound('signaal');
    return signal;
  }

  /** Null when nobody is recorded (the retention job removed the reporter link). */
  async function identityOf(tx: DbOrTx, municipalityId: string, userId: string | null): Promise<ReporterIdentity | null> {
    if (!userId) return null;
    const user = await findUserById(tx, municipalityId, userId);
    return user ? { id: user.id, displayName: user.displayName, email: user.email, departmentName: user.departmentName } : null;
  }

  async function summaryOf(tx: DbOrTx, actor: Actor, id: string): Promise<SignalSummary> {
    const row = await findSignalSummary(tx, actor.municipalityId, id);
    if (!row) throw notFound('signaal');
    return toSummary(row);
  }

  /**
   * Run a coordinator action on one signal in a transaction, audited. A refused
   * action is audited after the rollback (never inside the transaction: PGlite
   * has one connection).
   */
  async function manage<T>(actor: Actor, id: string, action: string, fn: (tx: DbOrTx, signal: SignalRow, now: Date) => Promise<T>) {
    try {
      return await db.transaction(async (tx) => {
        const signal = await loadForManagement(tx, actor, id);
        const result = await fn(tx, signal, clock.now());
        await audit(tx, actor, { action, objectType: 'signal', objectId: id, result: 'ok' });
        return result;
      });
    } catch (error) {
      if (error instanceof AppError) {
        await audit(db, actor, { action, objectType: 'signal', objectId: id, result: auditResultOf(error) });
      }
      throw error;
    }
  }

  return {
    transitionSignal,

    /** Step 1: an employee (or a liaison on their behalf) reports a signal. */
    /**
     * Step 1. With an idempotency key (the form's, issue 7.2) a retried request answers with the signal the
     * first one created (`replayed`), whether the first answer got lost or the two arrive at the same time.
     */
    async submit(actor: Actor, input: SignalInputParsed, idempotencyKey?: string): Promise<z.output<typeof createdSignal> & { replayed: boolean }> {
      if (!can(actor, 'signal.submit')) {
        await audit(db, actor, { action: 'signal.create', objectType: 'signal', result: 'denied' });
        throw forbidden();
      }
      let reporterId = actor.userId;
      let departmentId = actor.departmentId;
      if (input.onBehalfOfUserId && input.onBehalfOfUserId !== actor.userId) {
        if (!can(actor, 'signal.submit_on_behalf')) {
          await audit(db, actor, { action: 'signal.create', objectType: 'signal', result: 'denied' });
          throw forbidden();
        }
        const colleague = await findUserById(db, actor.municipalityId, input.onBehalfOfUserId);
        if (!colleague || !colleague.active || !actor.departmentId || colleague.departmentId !== actor.departmentId) {
          throw invalid([fieldError('onBehalfOfUserId', 'v.id', 'Kies een collega van uw eigen afdeling.')]);
        }
        reporterId = colleague.id;
        departmentId = colleague.departmentId;
      }
      const now = clock.now();
      const year = Number(clock.today().slice(0, 4));
      const forms: ExploitationForm[] = input.exploitationForms.length ? [...new Set(input.exploitationForms)] : ['unknown'];
      const submission = idempotencyKey
        ? { keyHash: keys.submission(actor.userId, idempotencyKey), municipalityId: actor.municipalityId, requestHash: createHash('sha256').update(JSON.stringify(input)).digest('base64url') }
        : null;
      return db.transaction(async (tx) => {
        if (submission && !(await claimSubmission(tx, submission))) {
          const earlier = await findSubmission(tx, submission.keyHash);
          if (!earlier) throw conflict('idempotency_in_progress', 'Deze melding wordt al verwerkt. Probeer het over een ogenblik opnieuw.');
          if (earlier.requestHash !== submission.requestHash) {
            // The first request of this form did land (its answer got lost); later edits were not sent.
            throw conflict(
              'idempotency_key_reused',
              `Deze melding is al ontvangen als ${earlier.number}. Wat u daarna wijzigde is niet verstuurd: geef het door aan de aandachtsfunctionaris of doe een nieuwe melding.`,
            );
          }
          return { id: earlier.id, number: earlier.number, receivedAt: earlier.receivedAt.toISOString(), replayed: true };
        }
        const municipality = await findMunicipality(tx, actor.municipalityId);
        if (!municipality) throw notFound('gemeente');
        // Issue 6.3: ticked indicators must be active, the municipality's and fit a chosen form (400 otherwise, nothing stored).
        await checkTicks(tx, actor.municipalityId, forms, input.indicatorIds ?? []);
        const sequence = await nextSignalSequence(tx, actor.municipalityId, year);
        const number = `${municipality.settings.numberPrefix}-${year}-${String(sequence).padStart(4, '0')}`;
        const signal = await insertSignal(tx, vault, {
          municipalityId: actor.municipalityId,
          number,
          state: 'received',
          observedOn: input.observedOn,
          observedTime: input.observedTime ?? null,
          place: input.place ?? null,
          explanation: input.explanation,
          exploitationForms: input.exploitationForms.length ? [...new Set(input.exploitationForms)] : ['unknown'],
          acuteDanger: input.acuteDanger,
          victimInvolved: input.victimInvolved,
          sourceContext: input.sourceContext ?? null,
          reporterId,
          submittedById: actor.userId,
          reporterDepartmentId: departmentId,
          receivedAt: now,
          updatedAt: now,
        });
        const parts = {
          persons: input.persons,
          organisations: input.organisations,
          addresses: input.addresses.map((a) => ({ ...a, postcode: normalisePostcode(a.postcode) })),
        };
        await insertSignalParts(tx, vault, signal.id, parts);
        await recordReporterTicks(tx, signal.id, input.indicatorIds ?? [], now);
        // The entities the coordinator's matching works on (issue 4), with their blind-index keys.
        await insertEntities(tx, vault, entitiesFromParts(actor.municipalityId, signal.id, parts));
        // Who reported is kept encrypted on the signal only: the history entry has no actor, and the audit
        // entry names the signal by its pseudonym (docs/security.md, "Reporter identity").
        await insertHistory(tx, vault, { signalId: signal.id, action: 'submit', fromState: null, toState: 'received', actorId: null, at: now });
        // Issue 6.5: the coordinator and the deputy hear of it (acute: e-mailed at once); rolled back with the submission.
        await notifyNewSignal(tx, vault, clock, { municipalityId: actor.municipalityId, id: signal.id, number, acuteDanger: input.acuteDanger, submittedById: actor.userId });
        await audit(tx, actor, {
          action: 'signal.create',
          objectType: SIGNAL_PSEUDONYM,
          objectId: keys.signalPseudonym(signal.id),
          result: 'ok',
          details: { onBehalf: reporterId !== actor.userId, acute: signal.acuteDanger },
        });
        if (submission) await setSubmissionSignal(tx, submission.keyHash, signal.id);
        return { id: signal.id, number, receivedAt: now.toISOString(), replayed: false };
      });
    },

    /** The coordinator's list of all signals of the municipality. */
    async list(actor: Actor, query: z.output<typeof signalListQuery>): Promise<SignalSummary[]> {
      if (!can(actor, 'signal.read_all')) {
        await audit(db, actor, { action: 'signal.list', objectType: 'signal', result: 'denied' });
        throw forbidden();
      }
      const rows = await listSignalSummaries(db, actor.municipalityId, {
        where: query.state ? signalFilters.state(query.state) : undefined,
        limit: query.limit,
        offset: query.offset,
        acuteFirst: true,
      });
      await audit(db, actor, { action: 'signal.list', objectType: 'signal', result: 'ok', details: { count: rows.length } });
      return rows.map(toSummary);
    },

    /**
     * One signal in full: the coordinator sees everything including the reporter;
     * the meldcode officer sees signals put before them, never the reporter.
     */
    async detail(actor: Actor, id: string): Promise<SignalDetail> {
      const isCoordinator = can(actor, 'signal.read_all');
      if (!isCoordinator && !can(actor, 'signal.read_consulted')) {
        await audit(db, actor, { action: 'signal.read', objectType: 'signal', objectId: id, result: 'denied' });
        throw forbidden();
      }
      const signal = await findSignal(db, vault, actor.municipalityId, id);
      if (!signal || (!isCoordinator && !(await isSignalConsultedByRole(db, signal.id, actor.role)))) {
        await audit(db, actor, { action: 'signal.read', objectType: 'signal', objectId: id, result: 'not_found' });
        throw notFound('signaal');
      }
      const today = clock.today();
      const seesIdentity = can(actor, 'signal.read_reporter_identity');
      const [summary, parts, notes, referralRows, feedback, history, disclosures] = await Promise.all([
        summaryOf(db, actor, id),
        loadSignalParts(db, vault, id),
        listEnrichmentNotes(db, vault, id),
        listReferralsOfSignal(db, vault, actor.municipalityId, id),
        listReporterFeedback(db, vault, id),
        listHistory(db, vault, id),
        seesIdentity ? listIdentityDisclosures(db, vault, id) : Promise.resolve([]),
      ]);
      // The history's first entry is the submitter: whoever may not see the reporter (the deputy
      // coordinator) gets every entry by the reporter or their submitter without the actor.
      const hiddenActors = seesIdentity ? new Set<string>() : new Set([signal.reporterId, signal.submittedById]);
      const reporter = seesIdentity ? await identityOf(db, actor.municipalityId, signal.reporterId) : null;
      const submittedBy =
        seesIdentity && signal.submittedById !== signal.reporterId ? await identityOf(db, actor.municipalityId, signal.submittedById) : null;
      const duplicateOf = signal.duplicateOfId ? (await findSignalNumber(db, actor.municipalityId, signal.duplicateOfId)) ?? null : null;
      await audit(db, actor, { action: 'signal.read', objectType: 'signal', objectId: id, result: 'ok' });
      return {
        ...summary,
        content: toContent(signal, parts),
        reporter,
        submittedBy,
        meetingNote: signal.meetingNote,
        duplicateOf,
        closedAt: signal.closedAt?.toISOString() ?? null,
        registeredAt: signal.registeredAt?.toISOString() ?? null,
        legalHold: signal.legalHold,
        anonymisedAt: signal.anonymisedAt?.toISOString() ?? null,
        enrichmentNotes: notes.map((n) => ({
          id: n.id,
          departmentName: n.departmentName,
          sourceSystem: n.sourceSystem,
          finding: n.finding,
          author: { id: n.authorId, displayName: n.authorName },
          createdAt: n.createdAt.toISOString(),
        })),
        // The meldcode officer sees only the consultations addressed to their role.
        referrals: referralRows
          .filter((r) => isCoordinator || r.partnerKind === 'internal_role')
          .map((r) => toReferral(r, today, isCoordinator ? 'coordinator' : 'advisor')),
        // Feedback to the reporter and the history (whose first entry is the submitter) stay with the coordinator.
        reporterFeedback: isCoordinator
          ? feedback.map((f) => ({ id: f.id, givenOn: f.givenOn, impossible: f.impossible, text: f.text, createdAt: f.createdAt.toISOString() }))
          : [],
        history: isCoordinator
          ? history.map((h) => ({
              id: h.id,
              referralId: h.referralId,
              action: h.action,
              fromState: h.fromState,
              toState: h.toState,
              reason: h.reason,
              actor: !h.actorId || !h.actorName || hiddenActors.has(h.actorId) ? null : { id: h.actorId, displayName: h.actorName },
              at: h.at.toISOString(),
            }))
          : [],
        identityDisclosures: disclosures.map((d) => ({
          id: d.id,
          by: { id: d.userId, displayName: d.userName },
          at: d.at.toISOString(),
          reason: d.reason,
        })),
        allowedActions: isCoordinator ? allowedSignalActions(signal.state) : [],
      };
    },

    /**
     * The deputy coordinator looks up who reported a signal, giving a reason. The
     * reason is kept (identity_disclosures) for the coordinator to read; the audit
     * trail records that it happened. The coordinator sees the reporter anyway.
     */
    async revealReporterIdentity(
      actor: Actor,
      id: string,
      input: z.output<typeof revealIdentityInput>,
    ): Promise<z.output<typeof revealedIdentity>> {
      const action = 'signal.reveal_identity';
      if (!can(actor, 'signal.reveal_reporter_identity')) {
        await audit(db, actor, { action, objectType: 'signal', objectId: id, result: 'denied' });
        throw forbidden();
      }
      const signal = await findSignal(db, vault, actor.municipalityId, id);
      if (!signal) {
        await audit(db, actor, { action, objectType: 'signal', objectId: id, result: 'not_found' });
        throw notFound('signaal');
      }
      return db.transaction(async (tx) => {
        await insertIdentityDisclosure(tx, vault, { signalId: signal.id, userId: actor.userId, reason: input.reason, at: clock.now() });
        await audit(tx, actor, { action, objectType: 'signal', objectId: signal.id, result: 'ok' });
        const reporter = await identityOf(tx, actor.municipalityId, signal.reporterId);
        const submittedBy =
          signal.submittedById !== signal.reporterId ? await identityOf(tx, actor.municipalityId, signal.submittedById) : null;
        return { reporter, submittedBy };
      });
    },

    /** Signals the actor reported or submitted for a colleague. */
    async listOwn(actor: Actor): Promise<z.output<typeof ownSignalRow>[]> {
      if (!can(actor, 'signal.read_own')) {
        await audit(db, actor, { action: 'signal.list_own', objectType: 'signal', result: 'denied' });
        throw forbidden();
      }
      const rows = await listOwnSignals(db, vault, actor.municipalityId, actor.userId);
      const names = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.reporterId).filter((id) => id !== actor.userId))) {
        const user = await findUserById(db, actor.municipalityId, id);
        if (user) names.set(id, user.displayName);
      }
      await audit(db, actor, { action: 'signal.list_own', objectType: 'signal', result: 'ok', details: { count: rows.length } });
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        status: ownStatus(r.state),
        receivedAt: r.receivedAt.toISOString(),
        observedOn: r.observedOn,
        hasFeedback: r.hasFeedback,
        reportedFor: r.reporterId !== actor.userId ? names.get(r.reporterId) ?? null : null,
      }));
    },

    /** One own signal: what was submitted and the feedback the coordinator gave. */
    async getOwn(actor: Actor, id: string): Promise<OwnSignal> {
      if (!can(actor, 'signal.read_own')) {
        await audit(db, actor, { action: 'signal.read_own', objectType: SIGNAL_PSEUDONYM, objectId: keys.signalPseudonym(id), result: 'denied' });
        throw forbidden();
      }
      const signal = await findSignal(db, vault, actor.municipalityId, id);
      if (!signal || (signal.reporterId !== actor.userId && signal.submittedById !== actor.userId)) {
        await audit(db, actor, { action: 'signal.read_own', objectType: SIGNAL_PSEUDONYM, objectId: keys.signalPseudonym(id), result: 'not_found' });
        throw notFound('signaal');
      }
      const [parts, feedback] = await Promise.all([loadSignalParts(db, vault, id), listReporterFeedback(db, vault, id)]);
      const reportedFor =
        signal.reporterId && signal.reporterId !== actor.userId ? (await findUserById(db, actor.municipalityId, signal.reporterId))?.displayName ?? null : null;
      await audit(db, actor, { action: 'signal.read_own', objectType: SIGNAL_PSEUDONYM, objectId: keys.signalPseudonym(id), result: 'ok' });
      return {
        id: signal.id,
        number: signal.number,
        status: ownStatus(signal.state),
        receivedAt: signal.receivedAt.toISOString(),
        content: toContent(signal, parts),
        reportedFor,
        feedback: feedback.filter((f) => !f.impossible).map((f) => ({ givenOn: f.givenOn, text: f.text })),
      };
    },

    /** A liaison sees which signals of their department are open, without content or reporter. */
    async listDepartmentOpen(actor: Actor): Promise<z.output<typeof departmentSignalRow>[]> {
      if (!can(actor, 'signal.read_department_open')) {
        await audit(db, actor, { action: 'signal.list_department', objectType: 'signal', result: 'denied' });
        throw forbidden();
      }
      if (!actor.departmentId) return [];
      const rows = await listDepartmentOpenSignals(db, vault, actor.municipalityId, actor.departmentId, actor.userId);
      await audit(db, actor, { action: 'signal.list_department', objectType: 'signal', result: 'ok', details: { count: rows.length } });
      return rows.map((r) => ({
        number: r.number,
        status: ownStatus(r.state),
        receivedAt: r.receivedAt.toISOString(),
        submittedByMe: r.submittedByMe,
      }));
    },

    /** Step 2-3: the coordinator records the signal. */
    register(actor: Actor, id: string): Promise<void> {
      return manage(actor, id, 'signal.register', async (tx, signal, now) => {
        await transitionSignal(tx, vault, signal, 'register', actor, now, { patch: { registeredAt: now } });
      });
    },

    /** Correct the classification while recording. */
    classify(actor: Actor, id: string, patch: z.output<typeof signalClassificationInput>): Promise<void> {
      return manage(actor, id, 'signal.classify', async (tx, signal, now) => {
        if (signal.state === 'closed') throw signalClosed();
        await updateSignal(tx, vault, id, {
          ...(patch.exploitationForms ? { exploitationForms: [...new Set(patch.exploitationForms)] } : {}),
          ...(patch.acuteDanger !== undefined ? { acuteDanger: patch.acuteDanger } : {}),
          ...(patch.victimInvolved ? { victimInvolved: patch.victimInvolved } : {}),
          ...(patch.sourceContext !== undefined ? { sourceContext: patch.sourceContext } : {}),
        });
        await insertHistory(tx, vault, { signalId: id, action: 'classify', fromState: signal.state, toState: signal.state, actorId: actor.userId, at: now });
      });
    },

    /** Set or lift the legal hold that keeps a signal's personal data past its retention term. */
    setLegalHold(actor: Actor, id: string, input: z.output<typeof legalHoldInput>): Promise<void> {
      return manage(actor, id, input.legalHold ? 'signal.legal_hold_set' : 'signal.legal_hold_lift', async (tx, signal, now) => {
        assertCan(actor, 'signal.legal_hold');
        if (signal.anonymisedAt) throw conflict('signal_anonymised', 'De persoonsgegevens van dit signaal zijn al verwijderd.');
        await updateSignal(tx, vault, id, { legalHold: input.legalHold });
        await insertHistory(tx, vault, {
          signalId: id,
          action: input.legalHold ? 'legal_hold_set' : 'legal_hold_lift',
          fromState: signal.state,
          toState: signal.state,
          reason: input.reason,
          actorId: actor.userId,
          at: now,
        });
      });
    },

    /** Put a signal on (or take it off) the agenda of the next meeting. */
    markForMeeting(actor: Actor, id: string, input: z.output<typeof meetingMarkInput>): Promise<void> {
      return manage(actor, id, 'signal.mark_for_meeting', async (tx, signal, now) => {
        await updateSignal(tx, vault, id, { forMeeting: input.forMeeting, meetingNote: input.forMeeting ? input.meetingNote ?? null : null });
        await insertHistory(tx, vault, {
          signalId: id,
          action: input.forMeeting ? 'mark_for_meeting' : 'unmark_for_meeting',
          fromState: signal.state,
          toState: signal.state,
          actorId: actor.userId,
          at: now,
        });
      });
    },

    /** Step 3: what was found about the person, organisation or address in municipal systems. */
    addEnrichmentNote(actor: Actor, id: string, input: z.output<typeof enrichmentNoteInput>): Promise<void> {
      return manage(actor, id, 'signal.enrich', async (tx, signal, now) => {
        if (signal.state === 'closed') throw signalClosed();
        if (input.departmentId && !(await findDepartment(tx, actor.municipalityId, input.departmentId))) {
          throw invalid([fieldError('departmentId', 'v.id', 'Kies een afdeling uit de lijst.')]);
        }
        await insertEnrichmentNote(tx, vault, {
          signalId: id,
          departmentId: input.departmentId ?? null,
          sourceSystem: input.sourceSystem,
          finding: input.finding,
          authorId: actor.userId,
          createdAt: now,
        });
        await insertHistory(tx, vault, { signalId: id, action: 'enrich', fromState: signal.state, toState: signal.state, actorId: actor.userId, at: now });
      });
    },

    /** Step 6: what the reporter was told (visible to them), or why that was not possible. */
    recordReporterFeedback(actor: Actor, id: string, input: z.output<typeof reporterFeedbackInput>): Promise<void> {
      return manage(actor, id, 'signal.reporter_feedback', async (tx, signal, now) => {
        if (signal.state === 'received') {
          throw conflict('not_registered', 'Registreer het signaal eerst (stap 3) voordat u de melder terugkoppelt.');
        }
        await insertReporterFeedback(tx, vault, {
          signalId: id,
          givenOn: input.givenOn,
          impossible: input.impossible,
          text: input.impossible ? input.reason : input.text,
          createdById: actor.userId,
          createdAt: now,
        });
        await insertHistory(tx, vault, {
          signalId: id,
          action: input.impossible ? 'reporter_feedback_impossible' : 'reporter_feedback',
          fromState: signal.state,
          toState: signal.state,
          actorId: actor.userId,
          at: now,
        });
      });
    },

    /** Close with an outcome; only after step 6 is recorded. */
    close(actor: Actor, id: string, input: z.output<typeof closeSignalInput>): Promise<void> {
      return manage(actor, id, 'signal.close', async (tx, signal, now) => {
        if (!findTransition('close', signal.state)) throw transitionNotAllowed('close', signal.state);
        if (!(await hasReporterFeedback(tx, id))) {
          throw conflict(
            'reporter_not_informed',
            'Leg eerst vast wat u de melder heeft teruggekoppeld (stap 6), of waarom terugkoppelen niet mogelijk is.',
          );
        }
        if (input.outcome === 'referred' && (await countExternalReferralsOfSignal(tx, id)) === 0) {
          throw invalid([fieldError('outcome', 'v.choice', 'Dit signaal is niet doorverwezen naar een ketenpartner; kies een andere uitkomst.')]);
        }
        let duplicateOfId: string | null = null;
        if (input.outcome === 'duplicate') {
          const originalId = await findSignalIdByNumber(tx, actor.municipalityId, input.duplicateOf!);
          if (!originalId || originalId === id) {
            throw invalid([fieldError('duplicateOf', 'v.duplicate_of', 'Er is geen ander signaal met dit nummer.')]);
          }
          duplicateOfId = originalId;
        }
        await transitionSignal(tx, vault, signal, 'close', actor, now, {
          reason: input.reason,
          patch: { outcome: input.outcome, duplicateOfId, closedAt: now, forMeeting: false },
        });
      });
    },

    reopen(actor: Actor, id: string, input: z.output<typeof reopenSignalInput>): Promise<void> {
      return manage(actor, id, 'signal.reopen', async (tx, signal, now) => {
        await transitionSignal(tx, vault, signal, 'reopen', actor, now, {
          reason: input.reason,
          patch: { outcome: null, duplicateOfId: null, closedAt: null },
        });
      });
    },

    /** The coordinator's start page: what needs them now. */
    async worklist(actor: Actor): Promise<z.output<typeof worklist>> {
      if (!can(actor, 'signal.read_all')) {
        await audit(db, actor, { action: 'signal.worklist', objectType: 'signal', result: 'denied' });
        throw forbidden();
      }
      const m = actor.municipalityId;
      const today = clock.today();
      const terms = (await findMunicipality(db, m))!.settings.retention;
      const [newSignals, acuteSignals, overdue, reporterToInform, forMeeting, retentionDue] = await Promise.all([
        listSignalSummaries(db, m, { where: signalFilters.state('received'), acuteFirst: true, limit: 200 }),
        listSignalSummaries(db, m, { where: signalFilters.acuteOpen(), limit: 200 }),
        listOverdueReferrals(db, vault, m, today),
        listSignalSummaries(db, m, { where: signalFilters.reporterToInform(), limit: 200 }),
        listSignalSummaries(db, m, { where: signalFilters.forMeeting(), limit: 200 }),
        listRetentionDue(db, m, terms, today),
      ]);
      await audit(db, actor, { action: 'signal.worklist', objectType: 'signal', result: 'ok' });
      return {
        newSignals: newSignals.map(toSummary),
        acuteSignals: acuteSignals.map(toSummary),
        overdueReferrals: overdue.map((r) => toReferral(r, today)),
        reporterToInform: reporterToInform.map(toSummary),
        forMeeting: forMeeting.map(toSummary),
        retentionDue,
      };
    },
  };
}

export type SignalService = ReturnType<typeof createSignalService>;
