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
