import { z } from 'zod';
import { EXPLOITATION_FORMS, REFERRAL_CHANNELS } from '../domain.js';
import { LIMITS } from '../limits.js';
import { id, isoDate, optionalText, requiredText } from './fields.js';

/**
 * Issue 6 points 2 and 4: the partner directory ("Waar kan ik terecht?"), the regional
 * meeting structures partners sit in (Bijlage 3–4) and the liaison network.
 *
 * The directory holds organisations only: a contact line is an organisation's desk, phone
 * number or secure mailbox, never a person's. No signal data, no personal data.
 */

/** What kind of organisation a partner is (the directory's type filter). */
export const ORGANISATION_TYPES = [
  'police',
  'public_prosecution',
  'inspection',
  'reporting_point',
  'care_coordination',
  'victim_support',
  'expertise_centre',
  'care_safety_network',
  'union_sector',
  'housing',
  'health',
  'education_youth_sport',
  'municipality_internal',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Where a meeting sits: in the municipality, in the region (Midden-Nederland / province of Utrecht), or national. */
export const MEETING_LEVELS = ['local', 'regional', 'national'] as const;
export type MeetingLevel = (typeof MEETING_LEVELS)[number];
/** Policy meetings (Bijlage 3) or operational case meetings (Bijlage 4). */
export const MEETING_KINDS = ['policy', 'operational'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Limits of the directory's texts. */
export const DIRECTORY_LIMITS = { query: 100, openingHours: 200, availability: 200, text: 2000, partnersPerMeeting: 60 } as const;

/** A secure mailbox (e.g. a Zivver or "beveiligd mailen" address): an e-mail address, empty to clear. */
const secureEmail = z
  .string()
  .trim()
  .max(LIMITS.shortText, { error: 'v.email' })
  .refine((v) => v === '' || z.email().safeParse(v).success, { error: 'v.email' });

/** The partner fields this issue adds (the admin's partner form; src/shared/api/admin.ts spreads them). */
export const partnerDirectoryFields = {
  organisationType: z.enum(ORGANISATION_TYPES, { error: 'v.choice' }).nullable(),
  openingHours: z.string().trim().max(DIRECTORY_LIMITS.openingHours).nullable(),
  secureEmail: secureEmail.nullable(),
  /** How the coordinator refers: the route's instruction for this partner, in the municipality's words. */
  referralInstructions: z.string().trim().max(DIRECTORY_LIMITS.text).nullable(),
};
/** The same fields in a partner view. */
export const partnerDirectoryView = {
  organisationType: z.enum(ORGANISATION_TYPES).nullable(),
  openingHours: z.string().nullable(),
  secureEmail: z.string().nullable(),
  referralInstructions: z.string().nullable(),
};

/** GET /api/directory: free text and filters. */
export const directoryQuery = z.object({
  q: optionalText(DIRECTORY_LIMITS.query),
  form: z.enum(EXPLOITATION_FORMS, { error: 'v.choice' }).optional(),
  type: z.enum(ORGANISATION_TYPES, { error: 'v.choice' }).optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

const ref = z.object({ id, name: z.string() });

/** How to refer to a partner: channel, contact, opening hours, secure mail and the route's instruction. */
export const howToRefer = z.object({
  channel: z.enum(REFERRAL_CHANNELS).nullable(),
  contact: z.string().nullable(),
  openingHours: z.string().nullable(),
  secureEmail: z.string().nullable(),
  instructions: z.string().nullable(),
});

export const directoryPartner = z.object({
  id,
  name: z.string(),
  organisationType: z.enum(ORGANISATION_TYPES).nullable(),
  internal: z.boolean(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  description: z.string().nullable(),
  howToRefer,
  meetings: z.array(ref),
});

export const meetingStructure = z.object({
  id,
  code: z.string(),
  name: z.string(),
  level: z.enum(MEETING_LEVELS),
  kind: z.enum(MEETING_KINDS),
  purpose: z.string().nullable(),
  chair: z.string().nullable(),
  frequency: z.string().nullable(),
  /** Participants that are not partners in the directory (other municipalities, organisations, officials). */
  otherParticipants: z.string().nullable(),
  partners: z.array(ref),
  active: z.boolean(),
});

/** The directory every logged-in user may read: organisations and meetings, no personal data. */
export const directory = z.object({
  partners: z.array(directoryPartner),
  meetings: z.array(meetingStructure),
});

const meetingFields = {
  code: z.string().trim().regex(/^[a-z0-9_-]{2,40}$/, { error: 'v.invalid' }),
  name: requiredText(),
  level: z.enum(MEETING_LEVELS, { error: 'v.choice' }),
  kind: z.enum(MEETING_KINDS, { error: 'v.choice' }),
  purpose: z.string().trim().max(DIRECTORY_LIMITS.text).nullable(),
  chair: z.string().trim().max(LIMITS.shortText).nullable(),
  frequency: z.string().trim().max(LIMITS.shortText).nullable(),
  otherParticipants: z.string().trim().max(DIRECTORY_LIMITS.text).nullable(),
  partnerIds: z.array(id).max(DIRECTORY_LIMITS.partnersPerMeeting),
  active: z.boolean(),
};
export const meetingStructureInput = z.object({
  ...meetingFields,
  purpose: meetingFields.purpose.default(null),
  chair: meetingFields.chair.default(null),
  frequency: meetingFields.frequency.default(null),
  otherParticipants: meetingFields.otherParticipants.default(null),
  partnerIds: meetingFields.partnerIds.default([]),
  active: meetingFields.active.default(true),
});
export const meetingStructureUpdateInput = z.object(meetingFields).partial();

/** A liaison (taakaccenthouder) of a department, as the admin maintains it. */
export const liaison = z.object({
  id,
  department: ref,
  /** null: the department takes part in the liaison network but nobody is assigned yet. */
  user: z.object({ id, displayName: z.string(), active: z.boolean() }).nullable(),
  availability: z.string().nullable(),
  awayUntil: z.string().nullable(),
});

const liaisonFields = {
  departmentId: id,
  userId: id.nullable(),
  availability: z.string().trim().max(DIRECTORY_LIMITS.availability).nullable(),
  awayUntil: isoDate.nullable(),
};
export const liaisonInput = z.object({
  ...liaisonFields,
  userId: liaisonFields.userId.default(null),
  availability: liaisonFields.availability.default(null),
  awayUntil: liaisonFields.awayUntil.default(null),
});
export const liaisonUpdateInput = z.object(liaisonFields).partial();

/** The monthly trafficking meeting of the coordinator and the liaisons: a meeting structure and/or a description. */
export const liaisonNetworkInput = z.object({
  meetingStructureId: id.nullable(),
  note: z.string().trim().max(DIRECTORY_LIMITS.text).nullable(),
});
export const liaisonNetwork = z.object({
  meeting: ref.extend({ frequency: z.string().nullable() }).nullable(),
  note: z.string().nullable(),
});

export const adminLiaisons = z.object({ liaisons: z.array(liaison), network: liaisonNetwork });

/** GET /api/directory/my-liaison: the liaison(s) of the caller's own department, for the signal form. */
export const myLiaison = z.object({
  department: ref.nullable(),
  liaisons: z.array(
    z.object({
      displayName: z.string(),
      availability: z.string().nullable(),
      awayUntil: z.string().nullable(),
      /** awayUntil is today or later. */
      away: z.boolean(),
    }),
  ),
  network: liaisonNetwork,
});
