import { z } from 'zod';
import { EXPLOITATION_FORMS, PARTNER_KINDS, REFERRAL_CHANNELS, ROLES, ROUTING_CONDITIONS, ROUTING_URGENCIES } from '../domain.js';
import { LIMITS } from '../limits.js';
import { newPassword } from './auth.js';
import { email, id, optionalText, requiredText, timestamp } from './fields.js';
import { partnerDirectoryFields, partnerDirectoryView } from './directory.js';

const username = z
  .string({ error: 'v.username' })
  .trim()
  .regex(/^[A-Za-z0-9._@-]{3,64}$/, { error: 'v.username' });

export const userInput = z.object({
  username,
  displayName: requiredText(),
  email: email.optional(),
  role: z.enum(ROLES),
  departmentId: id.nullable().default(null),
  /** Omit to have a temporary password generated and returned once. */
  password: newPassword.optional(),
});

export const userUpdateInput = z
  .object({
    displayName: requiredText(),
    email: email.nullable(),
    role: z.enum(ROLES),
    departmentId: id.nullable(),
    active: z.boolean(),
  })
  .partial();

export const adminUser = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: timestamp,
});

export const createdUser = z.object({ user: adminUser, temporaryPassword: z.string().nullable() });
export const passwordReset = z.object({ temporaryPassword: z.string() });

// Update schemas are built from fields without defaults: zod keeps a `.default()` through
// `.partial()`, which would reset every field a PATCH leaves out.
const departmentFields = {
  code: z.string().trim().regex(/^[a-z0-9_-]{2,40}$/, { error: 'v.invalid' }),
  name: requiredText(),
  active: z.boolean(),
};
export const departmentInput = z.object({ ...departmentFields, active: departmentFields.active.default(true) });
export const departmentUpdateInput = z.object(departmentFields).partial();
export const department = z.object({ id, code: z.string(), name: z.string(), active: z.boolean() });

const partnerFields = {
  code: z.string().trim().regex(/^[a-z0-9_-]{2,40}$/, { error: 'v.invalid' }),
  name: requiredText(),
  kind: z.enum(PARTNER_KINDS),
  /** For kind internal_role: the role that receives the consultation. */
  internalRole: z.enum(ROLES).nullable(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)).max(EXPLOITATION_FORMS.length),
  /** null clears the text. */
  description: z.string().trim().max(LIMITS.note).nullable(),
  referralChannel: z.enum(REFERRAL_CHANNELS).nullable(),
  contact: z.string().trim().max(LIMITS.note).nullable(),
  active: z.boolean(),
  // Issue 6.2: organisation type, opening hours, secure mailbox, how to refer.
  ...partnerDirectoryFields,
};
export const partnerInput = z.object({
  ...partnerFields,
  kind: partnerFields.kind.default('external'),
  internalRole: partnerFields.internalRole.default(null),
  exploitationForms: partnerFields.exploitationForms.default([]),
  description: optionalText(LIMITS.note),
  referralChannel: partnerFields.referralChannel.default(null),
  contact: optionalText(LIMITS.note),
  active: partnerFields.active.default(true),
  organisationType: partnerFields.organisationType.default(null),
  openingHours: partnerFields.openingHours.default(null),
  secureEmail: partnerFields.secureEmail.default(null),
  referralInstructions: partnerFields.referralInstructions.default(null),
});
export const partnerUpdateInput = z.object(partnerFields).partial();
export const partner = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  internalRole: z.enum(ROLES).nullable(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  description: z.string().nullable(),
  referralChannel: z.enum(REFERRAL_CHANNELS).nullable(),
  contact: z.string().nullable(),
  active: z.boolean(),
  ...partnerDirectoryView,
});

export const routingCondition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('always') }),
  z.object({ type: z.literal('acute') }),
  z.object({ type: z.literal('victim_involved') }),
  z.object({ type: z.literal('form'), form: z.enum(EXPLOITATION_FORMS) }),
]);
export type RoutingCondition = z.infer<typeof routingCondition>;
// Keep the list in domain.ts and the union above in step.
export const ROUTING_CONDITION_TYPES = ROUTING_CONDITIONS;

const routingRuleFields = {
  name: requiredText(),
  condition: routingCondition,
  partnerId: id,
  urgency: z.enum(ROUTING_URGENCIES),
  position: z.number().int().min(0).max(1000),
  active: z.boolean(),
};
export const routingRuleInput = z.object({
  ...routingRuleFields,
  position: routingRuleFields.position.default(100),
  active: routingRuleFields.active.default(true),
});
export const routingRuleUpdateInput = z.object(routingRuleFields).partial();
export const routingRule = z.object({
  id,
  name: z.string(),
  condition: routingCondition,
  partner: z.object({ id, name: z.string() }),
  urgency: z.enum(ROUTING_URGENCIES),
  position: z.number(),
  active: z.boolean(),
});

/** Two-factor login for the roles where it is not mandatory anyway: optional (each user chooses) or required. */
export const TOTP_OTHER_ROLES = ['optional', 'required'] as const;

/** Retention terms in days per outcome, counted from closing; after that the personal data and free text are removed. */
const retentionDays = z.number().int().min(30).max(3650);
export const DEFAULT_RETENTION = { referred: 1826, no_grounds: 365, insufficient_information: 365, duplicate: 365 } as const;
export const retentionTerms = z.object({
  referred: retentionDays,
  no_grounds: retentionDays,
  insufficient_information: retentionDays,
  duplicate: retentionDays,
});
export type RetentionTerms = z.infer<typeof retentionTerms>;

/** Small-cell threshold when the municipality has not set one. */
export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

const settingsFields = {
  feedbackDueDays: z.number().int().min(1).max(365),
  numberPrefix: z.string().regex(/^[A-Z]{2,5}$/, { error: 'v.invalid' }),
  totpOtherRoles: z.enum(TOTP_OTHER_ROLES),
  retention: retentionTerms,
  /**
   * Issue 5: counts below this are suppressed ("< n") in everything the analyst sees and in every
   * export. Optional: absent means DEFAULT_SMALL_CELL_THRESHOLD. At least 3: a lower threshold
   * protects nobody.
   */
  smallCellThreshold: z.number().int().min(3).max(50),
};
export const municipalitySettings = z.object({
  ...settingsFields,
  // Settings stored before this field existed read as the default.
  totpOtherRoles: settingsFields.totpOtherRoles.default('optional'),
  retention: settingsFields.retention.default({ ...DEFAULT_RETENTION }),
  smallCellThreshold: settingsFields.smallCellThreshold.optional(),
});
export type MunicipalitySettings = z.infer<typeof municipalitySettings>;
export const municipalitySettingsUpdate = z.object({ ...settingsFields, retention: retentionTerms.partial() }).partial();
