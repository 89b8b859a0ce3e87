import { z } from 'zod';
import {
  EXPLOITATION_FORMS,
  REFERRAL_CHANNELS,
  REFERRAL_STATES,
  ROUTING_URGENCIES,
  SHAREABLE_PARTS,
  SIGNAL_OUTCOMES,
  SIGNAL_STATES,
  SOURCE_CONTEXTS,
  VICTIM_INVOLVED,
} from '../domain.js';
import { LIMITS } from '../limits.js';
import { SIGNAL_ACTIONS } from '../signal-states.js';
import { REFERRAL_ACTIONS } from '../referral-states.js';
import { indicatorIds } from './indicators.js';
import {
  email,
  id,
  isoDate,
  kvkNumber,
  optionalText,
  pastOrTodayDate,
  phone,
  postcode,
  requiredText,
  signalNumber,
  timeOfDay,
  timestamp,
} from './fields.js';

// ---------------------------------------------------------------------------
// Input: the signal form (Bijlage 7 plus what the route needs)
// ---------------------------------------------------------------------------

export const involvedPersonInput = z.object({
  fullName: requiredText(),
  role: optionalText(),
  email: email.optional(),
  phone: phone.optional(),
  /** When known: lets an access request (AVG art. 15) tell namesakes apart. */
  birthDate: pastOrTodayDate.optional(),
});

export const organisationInput = z.object({
  name: requiredText(),
  kvkNumber: kvkNumber.optional(),
});

export const addressInput = z.object({
  postcode,
  houseNumber: z.number({ error: 'v.house_number' }).int({ error: 'v.house_number' }).min(1, { error: 'v.house_number' }).max(99_999, { error: 'v.house_number' }),
  addition: optionalText(10),
});

export const signalInput = z.object({
  observedOn: pastOrTodayDate,
  observedTime: timeOfDay.optional(),
  place: optionalText(),
  explanation: z.string({ error: 'v.explanation' }).trim().min(1, { error: 'v.explanation' }).max(LIMITS.explanation),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)).max(EXPLOITATION_FORMS.length).default([]),
  acuteDanger: z.boolean().default(false),
  victimInvolved: z.enum(VICTIM_INVOLVED).default('unknown'),
  sourceContext: z.enum(SOURCE_CONTEXTS).optional(),
  persons: z.array(involvedPersonInput).max(LIMITS.maxPersons).default([]),
  organisations: z.array(organisationInput).max(LIMITS.maxOrganisations).default([]),
  addresses: z.array(addressInput).max(LIMITS.maxAddresses).default([]),
  /** A liaison may submit on behalf of a colleague of their own department. */
  onBehalfOfUserId: id.optional(),
  // --- issue 6.3 (indicator lists): the indicators the reporter ticked; checked by the service against the chosen forms.
  indicatorIds: indicatorIds.optional(),
});
export type SignalInput = z.input<typeof signalInput>;
export type SignalInputParsed = z.output<typeof signalInput>;

/** The coordinator may correct the classification while recording (step 3). */
export const signalClassificationInput = z
  .object({
    exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)).min(1).max(EXPLOITATION_FORMS.length),
    acuteDanger: z.boolean(),
    victimInvolved: z.enum(VICTIM_INVOLVED),
    sourceContext: z.enum(SOURCE_CONTEXTS).nullable(),
  })
  .partial();

export const meetingMarkInput = z.object({
  forMeeting: z.boolean(),
  meetingNote: optionalText(LIMITS.note),
});

/** A legal hold keeps the signal's personal data past its retention term; the reason goes into the history. */
export const legalHoldInput = z.object({
  legalHold: z.boolean(),
  reason: requiredText(LIMITS.note),
});

export const enrichmentNoteInput = z.object({
  departmentId: id.optional(),
  sourceSystem: requiredText(),
  finding: requiredText(LIMITS.note),
});

export const reporterFeedbackInput = z.discriminatedUnion('impossible', [
  z.object({ impossible: z.literal(false), givenOn: pastOrTodayDate, text: requiredText(LIMITS.note) }),
  z.object({ impossible: z.literal(true), givenOn: pastOrTodayDate, reason: requiredText(LIMITS.note) }),
]);

export const closeSignalInput = z
  .object({
    outcome: z.enum(SIGNAL_OUTCOMES),
    duplicateOf: signalNumber.optional(),
    reason: optionalText(LIMITS.note),
  })
  .refine((v) => v.outcome !== 'duplicate' || v.duplicateOf !== undefined, {
    error: 'v.duplicate_of',
    path: ['duplicateOf'],
  });

export const reopenSignalInput = z.object({ reason: requiredText(LIMITS.note) });

export const referralInput = z.object({
  partnerId: id,
  referredOn: pastOrTodayDate,
  channel: z.enum(REFERRAL_CHANNELS),
  sharedParts: z.array(z.enum(SHAREABLE_PARTS)).max(SHAREABLE_PARTS.length).default([]),
  sharedNote: optionalText(LIMITS.note),
  /** Defaults to referredOn + the municipality's feedback term. */
  feedbackDueOn: isoDate.optional(),
  /** The routing rule this referral follows, when it came from a suggestion. */
  routingRuleId: id.optional(),
});

export const requestFeedbackInput = z.object({ requestedOn: pastOrTodayDate, note: optionalText(LIMITS.note) });
export const recordFeedbackInput = z.object({ receivedOn: pastOrTodayDate, text: requiredText(LIMITS.note) });
export const closeReferralInput = z.object({ reason: optionalText(LIMITS.note) });

export const signalListQuery = z.object({
  state: z.enum(SIGNAL_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

export const involvedPerson = z.object({
  id,
  fullName: z.string(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
});
export const organisation = z.object({ id, name: z.string(), kvkNumber: z.string().nullable() });
export const address = z.object({ id, postcode: z.string(), houseNumber: z.number(), addition: z.string().nullable() });

export const signalContent = z.object({
  observedOn: z.string(),
  observedTime: z.string().nullable(),
  place: z.string().nullable(),
  explanation: z.string(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  acuteDanger: z.boolean(),
  victimInvolved: z.enum(VICTIM_INVOLVED),
  sourceContext: z.enum(SOURCE_CONTEXTS).nullable(),
  persons: z.array(involvedPerson),
  organisations: z.array(organisation),
  addresses: z.array(address),
});

export const userRef = z.object({ id, displayName: z.string() });

/** Identity of the reporter. Only ever present in the coordinator's view. */
export const reporterIdentity = z.object({
  id,
  displayName: z.string(),
  email: z.string().nullable(),
  departmentName: z.string().nullable(),
});

/** The deputy coordinator asks who reported a signal; the reason is kept and shown to the coordinator. */
export const revealIdentityInput = z.object({ reason: requiredText(LIMITS.note) });

/** Answer to that request: the reporter, and who submitted for them when that was someone else. */
export const revealedIdentity = z.object({
  reporter: reporterIdentity.nullable(),
  submittedBy: reporterIdentity.nullable(),
});

/** One look-up of the reporter's identity by the deputy coordinator (shown to the coordinator). */
export const identityDisclosure = z.object({ id, by: userRef, at: timestamp, reason: z.string() });

/**
 * Issue 7.2: the report form sends an Idempotency-Key, a UUID it makes when it opens, so that sending
 * again after a lost answer never makes a second signal. Other headers pass through untouched.
 */
export const submissionHeaders = z.looseObject({ 'idempotency-key': z.uuid({ error: 'v.invalid' }).optional() });

export const createdSignal = z.object({ id, number: z.string(), receivedAt: timestamp });

export const signalSummary = z.object({
  id,
  number: z.string(),
  state: z.enum(SIGNAL_STATES),
  receivedAt: timestamp,
  observedOn: z.string(),
  acuteDanger: z.boolean(),
  victimInvolved: z.enum(VICTIM_INVOLVED),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  departmentName: z.string().nullable(),
  forMeeting: z.boolean(),
  outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
  reporterInformed: z.boolean(),
});

export const enrichmentNote = z.object({
  id,
  departmentName: z.string().nullable(),
  sourceSystem: z.string(),
  finding: z.string(),
  author: userRef,
  createdAt: timestamp,
});

export const referral = z.object({
  id,
  signalId: id,
  signalNumber: z.string(),
  partner: z.object({ id, name: z.string(), kind: z.enum(['external', 'internal_role']) }),
  state: z.enum(REFERRAL_STATES),
  referredOn: z.string(),
  channel: z.enum(REFERRAL_CHANNELS),
  sharedParts: z.array(z.enum(SHAREABLE_PARTS)),
  sharedNote: z.string().nullable(),
  feedbackDueOn: z.string(),
  feedbackRequestedOn: z.string().nullable(),
  feedbackReceivedOn: z.string().nullable(),
  feedbackText: z.string().nullable(),
  feedbackBy: userRef.nullable(),
  overdue: z.boolean(),
  allowedActions: z.array(z.enum(REFERRAL_ACTIONS)),
  createdAt: timestamp,
});

export const reporterFeedback = z.object({
  id,
  givenOn: z.string(),
  impossible: z.boolean(),
  text: z.string(),
  createdAt: timestamp,
});

export const historyEntry = z.object({
  id,
  referralId: id.nullable(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  /** Null where the actor is the reporter (or their submitter) and the viewer may not see who that is. */
  actor: userRef.nullable(),
  at: timestamp,
});

/** Full signal as the coordinator (reporter included) or meldcode officer (reporter always null) sees it. */
export const signalDetail = signalSummary.extend({
  content: signalContent,
  reporter: reporterIdentity.nullable(),
  submittedBy: reporterIdentity.nullable(),
  meetingNote: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  closedAt: timestamp.nullable(),
  registeredAt: timestamp.nullable(),
  legalHold: z.boolean(),
  anonymisedAt: timestamp.nullable(),
  enrichmentNotes: z.array(enrichmentNote),
  referrals: z.array(referral),
  reporterFeedback: z.array(reporterFeedback),
  history: z.array(historyEntry),
  /** Look-ups of the reporter's identity by the deputy coordinator: only in the coordinator's view. */
  identityDisclosures: z.array(identityDisclosure),
  allowedActions: z.array(z.enum(SIGNAL_ACTIONS)),
});

export const referralSuggestion = z.object({
  partner: z.object({ id, name: z.string(), kind: z.enum(['external', 'internal_role']) }),
  urgency: z.enum(ROUTING_URGENCIES),
  ruleId: id,
  reason: z.string(),
  alreadyReferred: z.boolean(),
});

/** Coarse status a reporter sees of their own signal. */
export const OWN_SIGNAL_STATUSES = ['received', 'in_progress', 'closed'] as const;

export const ownSignal = z.object({
  id,
  number: z.string(),
  status: z.enum(OWN_SIGNAL_STATUSES),
  receivedAt: timestamp,
  content: signalContent,
  /** Set only when the viewer submitted on behalf of this colleague. */
  reportedFor: z.string().nullable(),
  feedback: z.array(z.object({ givenOn: z.string(), text: z.string() })),
});

export const ownSignalRow = z.object({
  id,
  number: z.string(),
  status: z.enum(OWN_SIGNAL_STATUSES),
  receivedAt: timestamp,
  observedOn: z.string(),
  hasFeedback: z.boolean(),
  reportedFor: z.string().nullable(),
});

/** What a liaison sees of their department's open signals: no content, no reporter. */
export const departmentSignalRow = z.object({
  number: z.string(),
  status: z.enum(OWN_SIGNAL_STATUSES),
  receivedAt: timestamp,
  submittedByMe: z.boolean(),
});

export const worklist = z.object({
  newSignals: z.array(signalSummary),
  acuteSignals: z.array(signalSummary),
  overdueReferrals: z.array(referral),
  reporterToInform: z.array(signalSummary),
  forMeeting: z.array(signalSummary),
  /** Closed signals whose personal data the retention job removes within 30 days (not on legal hold). */
  retentionDue: z.array(
    z.object({ id, number: z.string(), outcome: z.enum(SIGNAL_OUTCOMES), closedAt: timestamp, anonymiseOn: z.string() }),
  ),
});

export const consultation = referral.extend({
  signal: signalSummary.pick({ number: true, receivedAt: true, exploitationForms: true, acuteDanger: true, victimInvolved: true, state: true }),
});
