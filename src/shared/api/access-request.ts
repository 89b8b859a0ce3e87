import { z } from 'zod';
import { EXPLOITATION_FORMS, REFERRAL_STATES, SIGNAL_OUTCOMES, SIGNAL_STATES } from '../domain.js';
import { email, id, optionalText, pastOrTodayDate, phone, timestamp } from './fields.js';

/**
 * Access requests (AVG art. 15): the coordinator finds the signals in which a person
 * occurs and exports what is held about them. Searching works on blind indexes only.
 */

/**
 * Who is asking: name and date of birth together, or an e-mail address, or a phone
 * number (any combination; the matches of each are joined).
 */
export const accessRequestSearchInput = z
  .object({
    fullName: optionalText(),
    birthDate: pastOrTodayDate.optional(),
    email: email.optional(),
    phone: phone.optional(),
  })
  .superRefine((v, ctx) => {
    const name = Boolean(v.fullName);
    const birth = v.birthDate !== undefined;
    // Name and date of birth only count together: a name alone finds every namesake.
    if (name && !birth) ctx.addIssue({ code: 'custom', message: 'v.access_request_criteria', path: ['birthDate'] });
    if (birth && !name) ctx.addIssue({ code: 'custom', message: 'v.access_request_criteria', path: ['fullName'] });
    if (!name && !birth && !v.email && !v.phone) {
      for (const path of ['fullName', 'birthDate', 'email', 'phone']) ctx.addIssue({ code: 'custom', message: 'v.access_request_criteria', path: [path] });
    }
  });
export type AccessRequestSearchInput = z.output<typeof accessRequestSearchInput>;

export const ACCESS_REQUEST_MATCH_KEYS = ['name_birthdate', 'email', 'phone'] as const;
export type AccessRequestMatchKey = (typeof ACCESS_REQUEST_MATCH_KEYS)[number];

export const accessRequestMatch = z.object({
  /** The person record (signal_persons) that matched; export takes these ids. */
  personId: id,
  signal: z.object({
    id,
    number: z.string(),
    receivedAt: timestamp,
    state: z.enum(SIGNAL_STATES),
    outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
  }),
  /** Which of the given criteria this record matched (at least one). */
  matchedOn: z.array(z.enum(ACCESS_REQUEST_MATCH_KEYS)).min(1),
  /** Matched on the name while the record has no date of birth: the coordinator decides. */
  birthDateUnknown: z.boolean(),
});
export const accessRequestSearchResult = z.object({ matches: z.array(accessRequestMatch) });
export type AccessRequestMatch = z.output<typeof accessRequestMatch>;
export type AccessRequestSearchResult = z.output<typeof accessRequestSearchResult>;

export const ACCESS_REQUEST_FORMATS = ['json', 'pdf'] as const;
export const accessRequestExportInput = z.object({
  personIds: z.array(id).min(1).max(200),
  format: z.enum(ACCESS_REQUEST_FORMATS),
});
export type AccessRequestExportInput = z.output<typeof accessRequestExportInput>;

/** Kinds of free text in the package, each already redacted. */
export const ACCESS_REQUEST_TEXT_KINDS = [
  'explanation',
  'place',
  'enrichment_finding',
  'referral_note',
  'referral_feedback',
  'reporter_feedback',
] as const;

/**
 * The package (the JSON download; the PDF shows the same). Per selected signal: the
 * facts, the data subject's own person record(s), the free texts with everyone else
 * replaced by "[derde]" and the reporter by "[melder]", what was withheld, referrals.
 */
export const accessRequestPackage = z.object({
  title: z.string(),
  /** What the package is, and that the coordinator must review it before sending. */
  notice: z.array(z.string()),
  municipality: z.string(),
  generatedAt: timestamp,
  signals: z.array(
    z.object({
      number: z.string(),
      receivedAt: timestamp,
      observedOn: z.string(),
      registeredAt: timestamp.nullable(),
      closedAt: timestamp.nullable(),
      state: z.enum(SIGNAL_STATES),
      outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
      exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
      subject: z.array(
        z.object({
          fullName: z.string(),
          role: z.string().nullable(),
          email: z.string().nullable(),
          phone: z.string().nullable(),
          birthDate: z.string().nullable(),
        }),
      ),
      texts: z.array(z.object({ kind: z.enum(ACCESS_REQUEST_TEXT_KINDS), label: z.string(), date: z.string().nullable(), text: z.string() })),
      referrals: z.array(
        z.object({ partner: z.string(), referredOn: z.string(), state: z.enum(REFERRAL_STATES), feedbackReceivedOn: z.string().nullable() }),
      ),
      withheld: z.object({
        otherPersons: z.number().int(),
        organisations: z.number().int(),
        addresses: z.number().int(),
        /** The reporter's (and submitter's) identity is never part of the package. */
        reporter: z.literal(true),
        /** In words: "2 andere betrokkenen, 1 organisatie: niet verstrekt". */
        summary: z.string(),
      }),
    }),
  ),
});
export type AccessRequestPackage = z.output<typeof accessRequestPackage>;
