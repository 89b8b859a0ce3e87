import { z } from 'zod';
import { EXPLOITATION_FORMS, ROLES } from '../domain.js';
import { LIMITS } from '../limits.js';
import { id, isoDate, optionalText, requiredText, timeOfDay, timestamp } from './fields.js';

/**
 * Issue 6.1: meetings — series with a cadence, agendas built from signals marked for discussion and
 * other topics, pseudonymised for participants, minutes, decisions and action items.
 */
export const MEETING_CADENCES = ['every_4_weeks', 'monthly', 'ad_hoc'] as const;
export type MeetingCadence = (typeof MEETING_CADENCES)[number];

/** draft: the coordinator builds the agenda; published: participants see it; held: minuted; cancelled. */
export const MEETING_STATUSES = ['draft', 'published', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const MEETING_LIMITS = {
  name: 120,
  location: 200,
  participantUsers: 60,
  guests: 40,
  title: 200,
  summary: 2_000,
  minutes: LIMITS.note,
  action: 1_000,
  sharedPersons: 50,
  items: 100,
  /** How many coming dates a series shows. */
  upcoming: 6,
} as const;

const uniqueIds = (max: number) =>
  z
    .array(id)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'v.invalid' });

export const guestInput = z.object({
  name: requiredText(LIMITS.shortText),
  organisation: requiredText(LIMITS.shortText),
});

const seriesFields = {
  name: requiredText(MEETING_LIMITS.name),
  cadence: z.enum(MEETING_CADENCES),
  firstDate: isoDate,
  startTime: timeOfDay,
  durationMinutes: z.number().int().min(15).max(8 * 60),
  location: optionalText(MEETING_LIMITS.location),
  meetingStructureId: id.nullable().optional(),
  participantUserIds: uniqueIds(MEETING_LIMITS.participantUsers),
  guests: z.array(guestInput).max(MEETING_LIMITS.guests),
};

export const seriesInput = z.object(seriesFields);
export const seriesUpdateInput = z.object({ ...seriesFields, active: z.boolean() }).partial();

export const participantView = z.object({
  id,
  /** A user of Meldroute, or null for an external guest. */
  userId: id.nullable(),
  name: z.string(),
  organisation: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
});

export const seriesView = z.object({
  id,
  name: z.string(),
  cadence: z.enum(MEETING_CADENCES),
  firstDate: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  location: z.string().nullable(),
  meetingStructureId: id.nullable(),
  active: z.boolean(),
  participants: z.array(participantView),
  /** The next dates by the cadence (none for ad hoc series). */
  upcomingDates: z.array(z.string()),
});
export type SeriesView = z.output<typeof seriesView>;

/** Plan a meeting of a series: on the given date, or on the next date of the cadence. */
export const scheduleInput = z.object({ date: isoDate.optional() });

export const meetingUpdateInput = z
  .object({
    date: isoDate,
    startTime: timeOfDay,
    durationMinutes: z.number().int().min(15).max(8 * 60),
    location: optionalText(MEETING_LIMITS.location),
  })
  .partial();

export const meetingSummary = z.object({
  id,
  seriesId: id,
  seriesName: z.string(),
  date: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  location: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  itemCount: z.number(),
});
export type MeetingSummary = z.output<typeof meetingSummary>;

/** A signal or another topic on the agenda. For a signal, the summary is written for this meeting. */
export const itemInput = z
  .object({
    signalId: id.optional(),
    title: optionalText(MEETING_LIMITS.title),
    summary: optionalText(MEETING_LIMITS.summary),
    sharedPersonIds: uniqueIds(MEETING_LIMITS.sharedPersons).default([]),
  })
  .refine((v) => Boolean(v.signalId) !== Boolean(v.title), { error: 'v.item_signal_or_title', path: ['title'] });

export const itemUpdateInput = z
  .object({
    title: requiredText(MEETING_LIMITS.title),
    summary: optionalText(MEETING_LIMITS.summary),
    sharedPersonIds: uniqueIds(MEETING_LIMITS.sharedPersons),
  })
  .partial();

export const itemOrderInput = z.object({ ids: uniqueIds(MEETING_LIMITS.items).refine((ids) => ids.length > 0, { error: 'v.too_few' }) });

export const minutesInput = z.object({
  minutes: optionalText(MEETING_LIMITS.minutes),
  decision: optionalText(MEETING_LIMITS.minutes),
});

export const actionInput = z.object({
  description: requiredText(MEETING_LIMITS.action),
  ownerId: id,
  dueDate: isoDate,
});

export const actionUpdateInput = z
  .object({
    description: requiredText(MEETING_LIMITS.action),
    ownerId: id,
    dueDate: isoDate,
    status: z.enum(ACTION_STATUSES),
  })
  .partial();

export const actionView = z.object({
  id,
  itemId: id,
  description: z.string(),
  ownerId: id,
  ownerName: z.string(),
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  doneAt: timestamp.nullable(),
});

/** A person of a signal the coordinator shared for this meeting: name and role only. */
export const sharedPersonView = z.object({ id, fullName: z.string(), role: z.string().nullable() });

/**
 * An agenda item as every participant sees it: pseudonymised. A signal by number, exploitation forms and
 * the summary written for the meeting; never the reporter, and persons only where shared for this meeting.
 * `signalId` is filled for the coordinator and the deputy only (the link to the signal page).
 */
export const agendaItemView = z.object({
  id,
  position: z.number(),
  kind: z.enum(['signal', 'topic']),
  signalId: id.nullable(),
  signalNumber: z.string().nullable(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  title: z.string().nullable(),
  summary: z.string().nullable(),
  sharedPersons: z.array(sharedPersonView),
  minutes: z.string().nullable(),
  decision: z.string().nullable(),
  actions: z.array(actionView),
});
export type AgendaItemView = z.output<typeof agendaItemView>;

export const meetingView = meetingSummary.extend({
  participants: z.array(participantView),
  items: z.array(agendaItemView),
  agendaPublishedAt: timestamp.nullable(),
  minutesFinalisedAt: timestamp.nullable(),
  /** May the caller change the agenda and minutes (coordinator, deputy)? */
  canManage: z.boolean(),
});
export type MeetingView = z.output<typeof meetingView>;

/** Signals marked for discussion that are not yet on an open agenda, with their persons to choose from. */
export const agendaCandidate = z.object({
  signalId: id,
  number: z.string(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  meetingNote: z.string().nullable(),
  persons: z.array(sharedPersonView),
});

export const meetingsOverview = z.object({
  series: z.array(seriesView),
  upcoming: z.array(meetingSummary),
  past: z.array(meetingSummary),
});

/**
 * A user the coordinator can invite to a series (GET /api/meeting-series/people): the active users of the
 * municipality with their role and department. A staff directory: it says nothing about signals.
 */
export const meetingPerson = z.object({ id, displayName: z.string(), role: z.enum(ROLES), department: z.string().nullable() });
export type MeetingPerson = z.output<typeof meetingPerson>;

/** An action item in its owner's worklist. */
export const myAction = z.object({
  id,
  description: z.string(),
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  meetingId: id,
  meetingDate: z.string(),
  seriesName: z.string(),
  signalNumber: z.string().nullable(),
});
