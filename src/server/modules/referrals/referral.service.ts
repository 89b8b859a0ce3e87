import type { z } from 'zod';
import type {
  closeReferralInput,
  consultation,
  recordFeedbackInput,
  referralInput,
  referralSuggestion,
  requestFeedbackInput,
} from '../../../shared/api/signal.js';
import { findReferralTransition, type ReferralAction } from '../../../shared/referral-states.js';
import type { ReferralState } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { addDays, type Clock } from '../../lib/clock.js';
import { AppError, conflict, fieldError, forbidden, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit, auditResultOf } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { findPartner, findRoutingRule, listPartners, listRoutingRules } from '../partners/partner.repo.js';
import { suggestReferrals } from '../partners/routing.js';
import { findSignal, insertHistory, listSignalSummaries, signalFilters } from '../signals/signal.repo.js';
import { transitionSignal } from '../signals/signal.service.js';
import { toReferral, toSummary, type Referral } from '../signals/signal.views.js';
import {
  findReferral,
  insertReferral,
  listConsultationsForRole,
  listReferralsOfSignal,
  updateReferralState,
} from './referral.repo.js';

const referralTransitionNotAllowed = (action: ReferralAction, from: ReferralState) =>
  new AppError(409, 'transition_not_allowed', `Deze stap (${action}) is niet toegestaan voor een doorverwijzing met status "${from}".`);

export function createReferralService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  async function audited<T>(actor: Actor, action: string, objectType: string, objectId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError) {
        await audit(db, actor, { action, objectType, objectId, result: auditResultOf(error) });
      }
      throw error;
    }
  }

  /** Move a referral along its table; records history and audit in the same transaction. */
  async function moveReferral(
    actor: Actor,
    referralId: string,
    action: ReferralAction,
    patch: (now: Date) => Record<string, unknown>,
    authorise: (found: NonNullable<Awaited<ReturnType<typeof findReferral>>>) => void,
    reason?: string | null,
  ): Promise<void> {
    await audited(actor, `referral.${action}`, 'referral', referralId, () =>
      db.transaction(async (tx) => {
        const found = await findReferral(tx, vault, actor.municipalityId, referralId);
        if (!found) throw notFound('doorverwijzing');
        authorise(found);
        if (found.signalState === 'closed') {
          throw conflict('signal_closed', 'Het signaal is afgesloten. Heropen het signaal om deze doorverwijzing bij te werken.');
        }
        const from = found.referral.state;
        const transition = findReferralTransition(action, from);
        if (!transition) throw referralTransitionNotAllowed(action, from);
        const now = clock.now();
        const moved = await updateReferralState(tx, vault, referralId, from, { ...patch(now), state: transition.to });
        if (!moved) throw conflict('concurrent_change', 'De doorverwijzing is zojuist door iemand anders gewijzigd. Laad de pagina opnieuw.');
        await insertHistory(tx, vault, {
          signalId: found.referral.signalId,
          referralId,
          action: `referral_${action}`,
          fromState: from,
          toState: transition.to,
          reason: reason ?? null,
          actorId: actor.userId,
          at: now,
        });
        await audit(tx, actor, { action: `referral.${action}`, objectType: 'referral', objectId: referralId, result: 'ok' });
      }),
    );
  }

  return {
    /** Step 4: suggestions computed from the municipality's routing rules (data, not code). */
    async suggestions(actor: Actor, signalId: string): Promise<z.output<typeof referralSuggestion>[]> {
      return audited(actor, 'referral.suggest', 'signal', signalId, async () => {
        assertCan(actor, 'signal.manage');
        const signal = await findSignal(db, vault, actor.municipalityId, signalId);
        if (!signal) throw notFound('signaal');
        const [rules, partners, existing] = await Promise.all([
          listRoutingRules(db, actor.municipalityId, true),
          listPartners(db, actor.municipalityId, true),
          listReferralsOfSignal(db, vault, actor.municipalityId, signalId),
        ]);
        const partnerById = new Map(partners.map((p) => [p.id, p]));
        const referred = new Set(existing.map((r) => r.referral.partnerId));
        const suggestions = suggestReferrals(
          signal,
          rules.map((r) => r.rule),
        ).flatMap((s) => {
          const partner = partnerById.get(s.partnerId);
          return partner
            ? [{ partner: { id: partner.id, name: partner.name, kind: partner.kind }, urgency: s.urgency, ruleId: s.ruleId, reason: s.reason, alreadyReferred: referred.has(partner.id) }]
            : [];
        });
        await audit(db, actor, { action: 'referral.suggest', objectType: 'signal', objectId: signalId, result: 'ok' });
        return suggestions;
      });
    },

    /** Step 4: refer the signal to a partner (or consult the meldcode officer). */
    async create(actor: Actor, signalId: string, input: z.output<typeof referralInput>): Promise<Referral> {
      return audited(actor, 'referral.create', 'signal', signalId, () =>
        db.transaction(async (tx) => {
          assertCan(actor, 'signal.manage');
          const signal = await findSignal(tx, vault, actor.municipalityId, signalId);
          if (!signal) throw notFound('signaal');
          if (signal.state === 'received') {
            throw conflict('not_registered', 'Registreer het signaal eerst (stap 3) voordat u doorverwijst.');
          }
          if (signal.state === 'closed') throw conflict('signal_closed', 'Het signaal is afgesloten. Heropen het om door te verwijzen.');
          const partner = await findPartner(tx, actor.municipalityId, input.partnerId);
          if (!partner || !partner.active) throw invalid([fieldError('partnerId', 'v.id', 'Kies een ketenpartner uit de lijst.')]);
          if (input.routingRuleId && !(await findRoutingRule(tx, actor.municipalityId, input.routingRuleId))) {
            throw invalid([fieldError('routingRuleId', 'v.id', 'Onbekende routeringsregel.')]);
          }
          const municipality = await findMunicipality(tx, actor.municipalityId);
          const feedbackDueOn = input.feedbackDueOn ?? addDays(input.referredOn, municipality!.settings.feedbackDueDays);
          if (feedbackDueOn < input.referredOn) {
            throw invalid([fieldError('feedbackDueOn', 'v.date', 'De datum voor terugkoppeling ligt vóór de datum van doorverwijzing.')]);
          }
          const now = clock.now();
          const created = await insertReferral(tx, vault, {
            signalId,
            partnerId: partner.id,
            routingRuleId: input.routingRuleId ?? null,
            state: 'sent',
            referredOn: input.referredOn,
            channel: input.channel,
            sharedParts: [...new Set(input.sharedParts)],
            sharedNote: input.sharedNote ?? null,
            feedbackDueOn,
            createdById: actor.userId,
            createdAt: now,
          });
          await insertHistory(tx, vault, { signalId, referralId: created.id, action: 'referral_create', fromState: null, toState: 'sent', actorId: actor.userId, at: now });
          // Consulting an internal role (the meldcode officer) is not yet a referral out of the municipality.
          if (signal.state === 'registered' && partner.kind === 'external') await transitionSignal(tx, vault, signal, 'refer', actor, now);
          await audit(tx, actor, {
            action: 'referral.create',
            objectType: 'referral',
            objectId: created.id,
            result: 'ok',
            details: { signalId, partnerId: partner.id },
          });
          const rows = await listReferralsOfSignal(tx, vault, actor.municipalityId, signalId);
          return toReferral(rows.find((r) => r.referral.id === created.id)!, clock.today());
        }),
      );
    },

    /** Step 5: ask the partner for feedback. */
    requestFeedback(actor: Actor, referralId: string, input: z.output<typeof requestFeedbackInput>): Promise<void> {
      return moveReferral(
        actor,
        referralId,
        'request_feedback',
        () => ({ feedbackRequestedOn: input.requestedOn }),
        () => assertCan(actor, 'signal.manage'),
        input.note,
      );
    },

    /**
     * Step 5: the partner's feedback arrives. For a consultation, this is the
     * meldcode officer's advice, recorded by the officer (or by the coordinator).
     */
    recordFeedback(actor: Actor, referralId: string, input: z.output<typeof recordFeedbackInput>): Promise<void> {
      return moveReferral(
        actor,
        referralId,
        'record_feedback',
        () => ({ feedbackReceivedOn: input.receivedOn, feedbackText: input.text, feedbackById: actor.userId }),
        (found) => {
          if (can(actor, 'signal.manage')) return;
          if (can(actor, 'consultation.advise') && found.partner.kind === 'internal_role' && found.partner.internalRole === actor.role) return;
          // Someone who may not see this referral learns nothing about it.
          if (can(actor, 'consultation.advise')) throw notFound('doorverwijzing');
          throw forbidden();
        },
      );
    },

    closeReferral(actor: Actor, referralId: string, input: z.output<typeof closeReferralInput>): Promise<void> {
      return moveReferral(
        actor,
        referralId,
        'close',
        (now) => ({ closedAt: now }),
        () => assertCan(actor, 'signal.manage'),
        input.reason,
      );
    },

    /** The meldcode officer's list of signals put before them. */
    async consultations(actor: Actor): Promise<z.output<typeof consultation>[]> {
      if (!can(actor, 'consultation.advise')) {
        await audit(db, actor, { action: 'consultation.list', objectType: 'referral', result: 'denied' });
        throw forbidden();
      }
      const today = clock.today();
      const rows = await listConsultationsForRole(db, vault, actor.municipalityId, actor.role);
      const summaries = rows.length
        ? await listSignalSummaries(db, actor.municipalityId, { where: signalFilters.ids(rows.map((r) => r.referral.signalId)), limit: 1000 })
        : [];
      const summaryById = new Map(summaries.map((s) => [s.id, toSummary(s)]));
      const result = rows.flatMap((row) => {
        const s = summaryById.get(row.referral.signalId);
        if (!s) return [];
        const { number, receivedAt, exploitationForms, acuteDanger, victimInvolved, state } = s;
        return [{ ...toReferral(row, today, 'advisor'), signal: { number, receivedAt, exploitationForms, acuteDanger, victimInvolved, state } }];
      });
      await audit(db, actor, { action: 'consultation.list', objectType: 'referral', result: 'ok', details: { count: result.length } });
      return result;
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
