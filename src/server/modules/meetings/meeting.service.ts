import type { z } from 'zod';
import {
  MEETING_LIMITS,
  type actionInput,
  type actionUpdateInput,
  type agendaCandidate,
  type AgendaItemView,
  type itemInput,
  type itemUpdateInput,
  type meetingsOverview,
  type MeetingSummary,
  type meetingUpdateInput,
  type MeetingPerson,
  type MeetingView,
  type minutesInput,
  type myAction,
  type scheduleInput,
  type seriesInput,
  type seriesUpdateInput,
  type SeriesView,
} from '../../../shared/api/meetings.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { addDays, type Clock } from '../../lib/clock.js';
import { conflict, fieldError, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit, auditedChange } from '../audit/audit.service.js';
import { findMeetingStructure } from '../directory/directory.repo.js';
import { notificationLinks, notifyUsers } from '../notifications/notify.js';
import { listActiveUserIdsByRole } from '../users/user.repo.js';
import { findSignal, findSignalPersons, insertHistory, loadSignalParts, signalExists, updateSignal } from '../signals/signal.repo.js';
import { nextSeriesDate, seriesDates } from './cadence.js';
import { renderMeetingPdf } from './meeting.pdf.js';
import {
  activeUserIds,
  agendaSignalIds,
  deleteItem,
  findAction,
  findItem,
  findMeeting,
  findSeries,
  insertAction,
  insertItem,
  insertMeeting,
  insertSeries,
  isParticipant,
  lastMeetingDate,
  listActiveUsers,
  listItems,
  listMarkedSignals,
  listMeetingActions,
  listMeetings,
  listOwnedActions,
  listParticipants,
  listSeries,
  meetingOnDate,
  replaceParticipants,
  signalFacts,
  signalsOnOpenAgendas,
  updateAction,
  updateItem,
  updateMeeting,
  updateSeries,
  type ActionRow,
  type MeetingRow,
  type ParticipantRow,
  type SeriesRow,
} from './meeting.repo.js';

/**
 * Issue 6.1: meetings. The coordinator (and deputy) plan series and meetings, build the agenda from
 * signals marked for discussion and other topics, publish it, minute it and assign action items.
 * Participants (users in the series) see published agendas pseudonymised: the signal's number, its
 * exploitation forms and the summary written for the meeting — never the reporter, and only the
 * persons shared for this meeting. Everything a participant may see is built by `meetingView`; the
 * API response and the PDF both come from it.
 */

type Overview = z.output<typeof meetingsOverview>;
type Candidate = z.output<typeof agendaCandidate>;
type MyAction = z.output<typeof myAction>;

/** Meetings participants see: the coordinator's drafts stay with the coordinator. */
const VISIBLE_TO_PARTICIPANTS = ['published', 'held'] as const;

export function createMeetingService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  const toSeries = (row: SeriesRow, participants: readonly ParticipantRow[]): SeriesView => ({
    id: row.id,
    name: row.name,
    cadence: row.cadence,
    firstDate: row.firstDate,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    location: row.location,
    meetingStructureId: row.meetingStructureId,
    active: row.active,
    participants: participants.map(({ active: _a, ...p }) => p),
    upcomingDates: row.active ? seriesDates(row, clock.today(), MEETING_LIMITS.upcoming) : [],
  });

  const toSummary = (row: MeetingRow & { itemCount: number }): MeetingSummary => ({
    id: row.id,
    seriesId: row.seriesId,
    seriesName: row.seriesName,
    date: row.date,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    location: row.location,
    status: row.status,
    itemCount: row.itemCount,
  });

  async function seriesView(tx: DbOrTx, row: SeriesRow): Promise<SeriesView> {
    const participants = await listParticipants(tx, vault, [row.id]);
    return toSeries(row, participants.get(row.id) ?? []);
  }

  /** A meeting the actor may read: managers all of their municipality, participants the published ones of their series. */
  async function readableMeeting(tx: DbOrTx, actor: Actor, id: string): Promise<MeetingRow> {
    assertCan(actor, 'meeting.read');
    const meeting = await findMeeting(tx, actor.municipalityId, id);
    if (!meeting) throw notFound('overleg');
    if (can(actor, 'meeting.manage')) return meeting;
    const visible = (VISIBLE_TO_PARTICIPANTS as readonly string[]).includes(meeting.status);
    if (!visible || !(await isParticipant(tx, meeting.seriesId, actor.userId))) throw notFound('overleg');
    return meeting;
  }

  async function managedMeeting(tx: DbOrTx, actor: Actor, id: string, allowed: readonly MeetingRow['status'][]): Promise<MeetingRow> {
    const meeting = await findMeeting(tx, actor.municipalityId, id);
    if (!meeting) throw notFound('overleg');
    if (!allowed.includes(meeting.status)) throw conflict('meeting_status', statusMessage(meeting.status));
    return meeting;
  }

  /**
   * The meeting as the actor may see it. Built from an allow-list of fields: a signal item carries its
   * number, forms, the meeting summary and the shared persons (name and role), nothing else.
   */
  async function meetingView(tx: DbOrTx, actor: Actor, meeting: MeetingRow): Promise<MeetingView> {
    const manage = can(actor, 'meeting.manage');
    const [items, actions, participants] = await Promise.all([
      listItems(tx, vault, meeting.id),
      listMeetingActions(tx, vault, meeting.id),
      listParticipants(tx, vault, [meeting.seriesId]),
    ]);
    const signalIds = [...new Set(items.flatMap((i) => (i.signalId ? [i.signalId] : [])))];
    const facts = await signalFacts(tx, actor.municipalityId, signalIds);
    // The shared persons of all items in one query; a person counts only under its own signal.
    const sharedIds = items.flatMap((i) => (i.signalId ? i.sharedPersonIds : []));
    const persons = new Map((await findSignalPersons(tx, vault, sharedIds)).map((p) => [p.id, p]));
    const itemViews: AgendaItemView[] = items.map((item) => {
      const fact = item.signalId ? facts.get(item.signalId) : undefined;
      return {
        id: item.id,
        position: item.position,
        kind: item.signalId ? 'signal' : 'topic',
        signalId: manage ? item.signalId : null,
        signalNumber: fact?.number ?? null,
        exploitationForms: fact?.exploitationForms ?? [],
        title: item.title,
        summary: item.summary,
        sharedPersons: item.sharedPersonIds.flatMap((pid) => {
          const p = persons.get(pid);
          return p && p.signalId === item.signalId ? [{ id: p.id, fullName: p.fullName, role: p.role }] : [];
        }),
        minutes: item.minutes,
        decision: item.decision,
        actions: actions.filter((a) => a.itemId === item.id).map(toActionView),
      };
    });
    return {
      ...toSummary({ ...meeting, itemCount: items.length }),
      participants: (participants.get(meeting.seriesId) ?? []).map(({ active: _a, ...p }) => p),
      items: itemViews,
      agendaPublishedAt: meeting.agendaPublishedAt?.toISOString() ?? null,
      minutesFinalisedAt: meeting.minutesFinalisedAt?.toISOString() ?? null,
      canManage: manage,
    };
  }

  const toActionView = (a: ActionRow) => ({
    id: a.id,
    itemId: a.itemId,
    description: a.description,
    ownerId: a.ownerId,
    ownerName: a.ownerName,
    dueDate: a.dueDate,
    status: a.status,
    doneAt: a.doneAt?.toISOString() ?? null,
  });

  /** Participants must be active users of the municipality; a meeting structure must be the municipality's. */
  async function checkSeriesInput(tx: DbOrTx, actor: Actor, input: Partial<z.output<typeof seriesInput>>) {
    if (input.participantUserIds?.length) {
      const known = await activeUserIds(tx, actor.municipalityId, input.participantUserIds);
      const index = input.participantUserIds.findIndex((u) => !known.has(u));
      if (index >= 0) throw invalid([fieldError(`participantUserIds.${index}`, 'v.invalid', 'Deze gebruiker bestaat niet of is niet actief.')]);
    }
    if (input.meetingStructureId && !(await findMeetingStructure(tx, actor.municipalityId, input.meetingStructureId))) {
      throw invalid([fieldError('meetingStructureId', 'v.invalid', 'Dit overlegorgaan bestaat niet.')]);
    }
  }

  /** Persons shared for a signal item must be persons of that signal. */
  async function checkSharedPersons(tx: DbOrTx, signalId: string | null, ids: readonly string[]) {
    if (!ids.length) return;
    if (!signalId) throw invalid([fieldError('sharedPersonIds', 'v.invalid', 'Alleen bij een signaal kunt u betrokkenen delen.')]);
    const persons = new Set((await loadSignalParts(tx, vault, signalId)).persons.map((p) => p.id));
    const index = ids.findIndex((p) => !persons.has(p));
    if (index >= 0) throw invalid([fieldError(`sharedPersonIds.${index}`, 'v.invalid', 'Deze persoon hoort niet bij het signaal.')]);
  }

  /** An action's owner: a user taking part in the series, or the coordinator or deputy. */
  async function checkOwner(tx: DbOrTx, actor: Actor, meeting: MeetingRow, ownerId: string) {
    const participants = (await listParticipants(tx, vault, [meeting.seriesId])).get(meeting.seriesId) ?? [];
    const isParticipantOwner = participants.some((p) => p.userId === ownerId && p.active);
    const managers = await listActiveUserIdsByRole(tx, actor.municipalityId, ['coordinator', 'deputy_coordinator']);
    if (!isParticipantOwner && !managers.includes(ownerId)) {
      throw invalid([fieldError('ownerId', 'v.invalid', 'Kies een deelnemer van dit overleg of de coördinator.')]);
    }
  }

  const history = (tx: DbOrTx, signalId: string, action: string, actor: Actor, now: Date, reason: string | null = null) =>
    insertHistory(tx, vault, { signalId, action, fromState: null, toState: null, reason, actorId: actor.userId, at: now });

  async function viewOf(tx: DbOrTx, actor: Actor, meetingId: string): Promise<MeetingView> {
    return meetingView(tx, actor, (await findMeeting(tx, actor.municipalityId, meetingId))!);
  }

  return {
    /** Series, coming and past meetings: all of them for the coordinator, one's own series' published ones for others. */
    async overview(actor: Actor): Promise<Overview> {
      assertCan(actor, 'meeting.read');
      const manage = can(actor, 'meeting.manage');
      const today = clock.today();
      const participantId = manage ? undefined : actor.userId;
      const statuses = manage ? undefined : VISIBLE_TO_PARTICIPANTS;
      const [allSeries, upcoming, past] = await Promise.all([
        listSeries(db, actor.municipalityId),
        listMeetings(db, actor.municipalityId, { participantId, statuses, from: today, order: 'asc', limit: 50 }),
        listMeetings(db, actor.municipalityId, { participantId, statuses, before: today, order: 'desc', limit: 50 }),
      ]);
      const participants = await listParticipants(db, vault, allSeries.map((s) => s.id));
      const series = allSeries
        .filter((s) => manage || (participants.get(s.id) ?? []).some((p) => p.userId === actor.userId))
        .map((s) => toSeries(s, participants.get(s.id) ?? []));
      return { series, upcoming: upcoming.map(toSummary), past: past.map(toSummary) };
    },

    /** The active users of the municipality, to invite to a series (the coordinator and deputy only). */
    async people(actor: Actor): Promise<MeetingPerson[]> {
      assertCan(actor, 'meeting.manage');
      return listActiveUsers(db, actor.municipalityId);
    },

    createSeries(actor: Actor, input: z.output<typeof seriesInput>): Promise<SeriesView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.series_create', objectType: 'meeting_series' }, async (tx) => {
        await checkSeriesInput(tx, actor, input);
        const id = await insertSeries(tx, actor.municipalityId, {
          name: input.name,
          cadence: input.cadence,
          firstDate: input.firstDate,
          startTime: input.startTime,
          durationMinutes: input.durationMinutes,
          location: input.location ?? null,
          meetingStructureId: input.meetingStructureId ?? null,
          active: true,
        });
        await replaceParticipants(tx, vault, id, input.participantUserIds, input.guests);
        return { value: await seriesView(tx, (await findSeries(tx, actor.municipalityId, id))!), objectId: id };
      });
    },

    updateSeries(actor: Actor, id: string, input: z.output<typeof seriesUpdateInput>): Promise<SeriesView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.series_update', objectType: 'meeting_series', objectId: id }, async (tx) => {
        if (!(await findSeries(tx, actor.municipalityId, id))) throw notFound('overlegreeks');
        await checkSeriesInput(tx, actor, input);
        const { participantUserIds, guests, location, ...rest } = input;
        await updateSeries(tx, id, { ...rest, ...(location !== undefined ? { location: location || null } : {}) }, clock.now());
        if (participantUserIds !== undefined || guests !== undefined) {
          const current = (await listParticipants(tx, vault, [id])).get(id) ?? [];
          await replaceParticipants(
            tx,
            vault,
            id,
            participantUserIds ?? current.flatMap((p) => (p.userId ? [p.userId] : [])),
            guests ?? current.flatMap((p) => (p.userId ? [] : [{ name: p.name, organisation: p.organisation ?? '' }])),
          );
        }
        return { value: await seriesView(tx, (await findSeries(tx, actor.municipalityId, id))!) };
      });
    },

    /** Plan a meeting of a series: on the given date, or the next date of its cadence after the last one. */
    schedule(actor: Actor, seriesId: string, input: z.output<typeof scheduleInput>): Promise<MeetingSummary> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.schedule', objectType: 'meeting' }, async (tx) => {
        const series = await findSeries(tx, actor.municipalityId, seriesId);
        if (!series) throw notFound('overlegreeks');
        if (!series.active) throw conflict('series_inactive', 'Deze overlegreeks is niet meer actief.');
        let date = input.date;
        if (!date) {
          const last = await lastMeetingDate(tx, seriesId);
          const today = clock.today();
          const from = last && last >= today ? addDays(last, 1) : today;
          date = nextSeriesDate(series, from);
          if (!date) throw invalid([fieldError('date', 'v.required', 'Een ad-hocoverleg heeft geen vast ritme: kies een datum.')]);
        }
        if (await meetingOnDate(tx, seriesId, date)) throw invalid([fieldError('date', 'v.invalid', 'Op deze datum staat al een overleg van deze reeks.')]);
        const id = await insertMeeting(tx, {
          municipalityId: actor.municipalityId,
          seriesId,
          date,
          startTime: series.startTime,
          durationMinutes: series.durationMinutes,
          location: series.location,
        });
        return { value: toSummary({ ...(await findMeeting(tx, actor.municipalityId, id))!, itemCount: 0 }), objectId: id };
      });
    },

    /** One meeting, pseudonymised per the actor's role (audited: it may show persons shared for the meeting). */
    async meeting(actor: Actor, id: string): Promise<MeetingView> {
      try {
        const meeting = await readableMeeting(db, actor, id);
        const view = await meetingView(db, actor, meeting);
        await audit(db, actor, { action: 'meeting.read', objectType: 'meeting', objectId: id, result: 'ok' });
        return view;
      } catch (error) {
        await audit(db, actor, { action: 'meeting.read', objectType: 'meeting', objectId: id, result: 'denied' });
        throw error;
      }
    },

    updateMeeting(actor: Actor, id: string, input: z.output<typeof meetingUpdateInput>): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.update', objectType: 'meeting', objectId: id }, async (tx) => {
        const meeting = await managedMeeting(tx, actor, id, ['draft', 'published']);
        if (input.date && input.date !== meeting.date && (await meetingOnDate(tx, meeting.seriesId, input.date))) {
          throw invalid([fieldError('date', 'v.invalid', 'Op deze datum staat al een overleg van deze reeks.')]);
        }
        const { location, ...rest } = input;
        await updateMeeting(tx, id, { ...rest, ...(location !== undefined ? { location: location || null } : {}) }, clock.now());
        return { value: await viewOf(tx, actor, id) };
      });
    },

    cancel(actor: Actor, id: string): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.cancel', objectType: 'meeting', objectId: id }, async (tx) => {
        await managedMeeting(tx, actor, id, ['draft', 'published']);
        await updateMeeting(tx, id, { status: 'cancelled' }, clock.now());
        return { value: await viewOf(tx, actor, id) };
      });
    },

    /** Signals marked for discussion that are not on an open agenda yet, with their persons to share. */
    async candidates(actor: Actor, meetingId: string): Promise<Candidate[]> {
      assertCan(actor, 'meeting.manage');
      if (!(await findMeeting(db, actor.municipalityId, meetingId))) throw notFound('overleg');
      const marked = await listMarkedSignals(db, actor.municipalityId, await signalsOnOpenAgendas(db, actor.municipalityId));
      const out: Candidate[] = [];
      for (const s of marked) {
        const [parts, note] = await Promise.all([loadSignalParts(db, vault, s.id), meetingNoteOf(db, actor, s.id)]);
        out.push({
          signalId: s.id,
          number: s.number,
          exploitationForms: s.exploitationForms,
          meetingNote: note,
          persons: parts.persons.map((p) => ({ id: p.id, fullName: p.fullName, role: p.role })),
        });
      }
      await audit(db, actor, { action: 'meeting.candidates', objectType: 'meeting', objectId: meetingId, result: 'ok' });
      return out;
    },

    addItem(actor: Actor, meetingId: string, input: z.output<typeof itemInput>): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.item_add', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        const now = clock.now();
        await managedMeeting(tx, actor, meetingId, ['draft', 'published']);
        if ((await listItems(tx, vault, meetingId)).length >= MEETING_LIMITS.items) {
          throw invalid([fieldError('title', 'v.invalid', `Een agenda heeft ten hoogste ${MEETING_LIMITS.items} punten.`)]);
        }
        const signalId = input.signalId ?? null;
        if (signalId && !(await signalExists(tx, actor.municipalityId, signalId))) throw invalid([fieldError('signalId', 'v.invalid', 'Dit signaal bestaat niet.')]);
        await checkSharedPersons(tx, signalId, input.sharedPersonIds);
        await insertItem(tx, vault, { meetingId, signalId, title: input.title ?? null, summary: input.summary || null, sharedPersonIds: input.sharedPersonIds });
        if (signalId) await history(tx, signalId, 'meeting_agenda', actor, now);
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    updateItem(actor: Actor, meetingId: string, itemId: string, input: z.output<typeof itemUpdateInput>): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.item_update', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        await managedMeeting(tx, actor, meetingId, ['draft', 'published']);
        const item = await findItem(tx, vault, meetingId, itemId);
        if (!item) throw notFound('agendapunt');
        if (input.title !== undefined && item.signalId) throw invalid([fieldError('title', 'v.invalid', 'Een signaal op de agenda heeft geen eigen onderwerp; schrijf een samenvatting.')]);
        if (input.sharedPersonIds) await checkSharedPersons(tx, item.signalId, input.sharedPersonIds);
        await updateItem(tx, vault, itemId, { ...input, ...(input.summary !== undefined ? { summary: input.summary || null } : {}) }, clock.now());
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    removeItem(actor: Actor, meetingId: string, itemId: string): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.item_remove', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        await managedMeeting(tx, actor, meetingId, ['draft', 'published']);
        const item = await findItem(tx, vault, meetingId, itemId);
        if (!item) throw notFound('agendapunt');
        if ((await listMeetingActions(tx, vault, meetingId)).some((a) => a.itemId === itemId)) {
          throw conflict('item_has_actions', 'Dit agendapunt heeft actiepunten; rond die eerst af of verplaats ze.');
        }
        await deleteItem(tx, itemId);
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    reorder(actor: Actor, meetingId: string, ids: readonly string[]): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.item_reorder', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        await managedMeeting(tx, actor, meetingId, ['draft', 'published']);
        const items = await listItems(tx, vault, meetingId);
        const known = new Set(items.map((i) => i.id));
        const index = ids.findIndex((i) => !known.has(i));
        if (index >= 0) throw invalid([fieldError(`ids.${index}`, 'v.invalid', 'Dit agendapunt hoort niet bij dit overleg.')]);
        const rest = items.filter((i) => !ids.includes(i.id)).map((i) => i.id);
        const now = clock.now();
        for (const [position, id] of [...ids, ...rest].entries()) await updateItem(tx, vault, id, { position: position + 1 }, now);
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    /** Publish the agenda: participants see it from now on and are notified. */
    publish(actor: Actor, meetingId: string): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.publish', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        const meeting = await managedMeeting(tx, actor, meetingId, ['draft']);
        const now = clock.now();
        await updateMeeting(tx, meetingId, { status: 'published', agendaPublishedAt: now }, now);
        const participants = (await listParticipants(tx, vault, [meeting.seriesId])).get(meeting.seriesId) ?? [];
        const userIds = participants.flatMap((p) => (p.userId && p.active && p.userId !== actor.userId ? [p.userId] : []));
        // Issue 6.5: in the app and by e-mail at once — the meeting's date and a link, nothing of the agenda.
        await notifyUsers(tx, vault, clock, {
          municipalityId: actor.municipalityId,
          userIds,
          kind: 'agenda_published',
          reference: meeting.date,
          link: notificationLinks.meeting(meetingId),
          dedupeKey: `agenda_published:${meetingId}`,
          email: 'now',
        });
        return { value: await viewOf(tx, actor, meetingId), details: { participants: userIds.length } };
      });
    },

    /** Minutes and decision of one agenda item (once the agenda is published, until the minutes are final). */
    recordMinutes(actor: Actor, meetingId: string, itemId: string, input: z.output<typeof minutesInput>): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.minutes', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        await managedMeeting(tx, actor, meetingId, ['published']);
        if (!(await findItem(tx, vault, meetingId, itemId))) throw notFound('agendapunt');
        await updateItem(tx, vault, itemId, { minutes: input.minutes || null, decision: input.decision || null }, clock.now());
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    addAction(actor: Actor, meetingId: string, itemId: string, input: z.output<typeof actionInput>): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.action_add', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        const meeting = await managedMeeting(tx, actor, meetingId, ['published']);
        const item = await findItem(tx, vault, meetingId, itemId);
        if (!item) throw notFound('agendapunt');
        await checkOwner(tx, actor, meeting, input.ownerId);
        const now = clock.now();
        await insertAction(tx, vault, {
          municipalityId: actor.municipalityId,
          meetingId,
          itemId,
          signalId: item.signalId,
          description: input.description,
          ownerId: input.ownerId,
          dueDate: input.dueDate,
          createdById: actor.userId,
        });
        if (item.signalId) await history(tx, item.signalId, 'meeting_action', actor, now, input.description);
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    /**
     * Change an action item. The coordinator and deputy may change everything; the owner may mark it
     * done (or open again). Done actions on a signal appear in its history.
     */
    async updateAction(actor: Actor, actionId: string, input: z.output<typeof actionUpdateInput>): Promise<void> {
      const event = { action: 'meeting.action_update', objectType: 'meeting_action', objectId: actionId };
      const manage = can(actor, 'meeting.manage');
      const permission = manage ? 'meeting.manage' : 'meeting.action_own';
      await auditedChange(db, actor, permission, event, async (tx) => {
        const action = await findAction(tx, vault, actor.municipalityId, actionId);
        if (!action || (!manage && action.ownerId !== actor.userId)) throw notFound('actiepunt');
        if (!manage && (input.description !== undefined || input.ownerId !== undefined || input.dueDate !== undefined)) {
          throw invalid([fieldError('status', 'v.invalid', 'U kunt alleen aangeven of het actiepunt klaar is.')]);
        }
        const now = clock.now();
        if (input.ownerId && input.ownerId !== action.ownerId) {
          const meeting = (await findMeeting(tx, actor.municipalityId, action.meetingId))!;
          await checkOwner(tx, actor, meeting, input.ownerId);
        }
        const statusChange = input.status && input.status !== action.status ? input.status : undefined;
        await updateAction(tx, vault, actionId, { ...input, ...(statusChange ? { doneAt: statusChange === 'done' ? now : null } : {}) }, now);
        if (statusChange && action.signalId) await history(tx, action.signalId, statusChange === 'done' ? 'meeting_action_done' : 'meeting_action_reopened', actor, now);
        return { value: undefined };
      });
    },

    /** Close the minutes: the meeting is held; its signals are no longer marked for discussion. */
    finalise(actor: Actor, meetingId: string): Promise<MeetingView> {
      return auditedChange(db, actor, 'meeting.manage', { action: 'meeting.finalise', objectType: 'meeting', objectId: meetingId }, async (tx) => {
        await managedMeeting(tx, actor, meetingId, ['published']);
        const now = clock.now();
        await updateMeeting(tx, meetingId, { status: 'held', minutesFinalisedAt: now }, now);
        for (const signalId of await agendaSignalIds(tx, meetingId)) {
          await updateSignal(tx, vault, signalId, { forMeeting: false, meetingNote: null });
          await history(tx, signalId, 'meeting_discussed', actor, now);
        }
        return { value: await viewOf(tx, actor, meetingId) };
      });
    },

    /** The caller's action items: open ones, and those done in the last 90 days. */
    async myActions(actor: Actor): Promise<MyAction[]> {
      assertCan(actor, 'meeting.action_own');
      const today = clock.today();
      const since = new Date(clock.now().getTime() - 90 * 86_400_000);
      const rows = await listOwnedActions(db, vault, actor.municipalityId, actor.userId, since);
      return rows.map((r) => ({ ...r, overdue: r.status === 'open' && r.dueDate < today }));
    },

    /** The agenda (and minutes, once written) as a PDF, with the same pseudonymisation as the screen. */
    async pdf(actor: Actor, id: string): Promise<{ filename: string; body: Buffer }> {
      try {
        const meeting = await readableMeeting(db, actor, id);
        const view = await meetingView(db, actor, meeting);
        const body = await renderMeetingPdf(view, { generatedOn: clock.today() });
        await audit(db, actor, { action: 'meeting.export_pdf', objectType: 'meeting', objectId: id, result: 'ok' });
        return { filename: `overleg-${meeting.date}.pdf`, body };
      } catch (error) {
        await audit(db, actor, { action: 'meeting.export_pdf', objectType: 'meeting', objectId: id, result: 'denied' });
        throw error;
      }
    },
  };

  async function meetingNoteOf(tx: DbOrTx, actor: Actor, signalId: string): Promise<string | null> {
    return (await findSignal(tx, vault, actor.municipalityId, signalId))?.meetingNote ?? null;
  }
}

export type MeetingService = ReturnType<typeof createMeetingService>;

function statusMessage(status: MeetingRow['status']): string {
  switch (status) {
    case 'draft':
      return 'De agenda van dit overleg is nog niet gepubliceerd.';
    case 'published':
      return 'De agenda van dit overleg is al gepubliceerd.';
    case 'held':
      return 'Dit overleg is al gehouden; het verslag is definitief.';
    case 'cancelled':
      return 'Dit overleg is afgelast.';
  }
}
