import type { z } from 'zod';
import type { agendaCandidate, meetingsOverview, myAction, participantView } from '../../../shared/api/meetings.js';

/** Response types of the meeting endpoints (issue 6.1). */
export type {
  AgendaItemView,
  MeetingCadence,
  MeetingPerson,
  MeetingStatus,
  MeetingSummary,
  MeetingView,
  SeriesView,
} from '../../../shared/api/meetings.js';
export type MeetingsOverview = z.output<typeof meetingsOverview>;
export type AgendaCandidate = z.output<typeof agendaCandidate>;
export type MyAction = z.output<typeof myAction>;
export type Participant = z.output<typeof participantView>;

/** Who plans and minutes meetings (permission meeting.manage). */
export const MEETING_MANAGERS = ['coordinator', 'deputy_coordinator'] as const;
/** Everyone can be invited to a meeting and own an action item. */
export const EVERYONE = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'] as const;
