/**
 * Domain vocabulary shared by server and web app. Code uses English names; the
 * Dutch labels live in the i18n catalogues (src/web/i18n).
 */

export const ROLES = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const EXPLOITATION_FORMS = ['sexual', 'labour', 'criminal', 'organ_removal', 'unknown'] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export const VICTIM_INVOLVED = ['yes', 'no', 'unknown'] as const;
export type VictimInvolved = (typeof VICTIM_INVOLVED)[number];

export const SOURCE_CONTEXTS = [
  'desk',
  'home_visit',
  'inspection',
  'permit_application',
  'building_inspection',
  'external_tip',
  'other',
] as const;
export type SourceContext = (typeof SOURCE_CONTEXTS)[number];

/** Signal lifecycle; the allowed transitions are in src/shared/signal-states.ts. */
export const SIGNAL_STATES = ['received', 'registered', 'referred', 'closed'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];

export const SIGNAL_OUTCOMES = ['referred', 'no_grounds', 'insufficient_information', 'duplicate'] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];

/** Referral lifecycle; the allowed transitions are in src/shared/referral-states.ts. */
export const REFERRAL_STATES = ['sent', 'feedback_requested', 'feedback_received', 'closed'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_CHANNELS = ['phone', 'secure_email', 'portal', 'meeting', 'in_person', 'other'] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];

/** What parts of a signal the coordinator chose to share with a partner (data minimisation). */
export const SHAREABLE_PARTS = [
  'explanation',
  'persons',
  'organisations',
  'addresses',
  'place_and_time',
  'enrichment',
] as const;
export type ShareablePart = (typeof SHAREABLE_PARTS)[number];

/** A partner is an outside organisation, or an internal role consulted like one (the meldcode officer). */
export const PARTNER_KINDS = ['external', 'internal_role'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Urgency of a routing suggestion. */
export const ROUTING_URGENCIES = ['immediate', 'normal', 'consult_first'] as const;
export type RoutingUrgency = (typeof ROUTING_URGENCIES)[number];

/** Conditions a routing rule can test on a signal. Rules are data, per municipality. */
export const ROUTING_CONDITIONS = ['always', 'acute', 'victim_involved', 'form'] as const;
export type RoutingConditionType = (typeof ROUTING_CONDITIONS)[number];

export const AUDIT_RESULTS = ['ok', 'denied', 'not_found', 'invalid'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Issue 4: what signals refer to and registers hold. */
export const ENTITY_KINDS = ['person', 'organisation', 'address', 'phone', 'email', 'vehicle', 'website'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** The municipal registers that can be imported (docs/registers.md). */
export const REGISTER_KINDS = ['bag', 'brp', 'kvk', 'permits', 'bibob', 'labour_housing', 'enforcement'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** The coordinator's decision on a candidate match. */
export const LINK_DECISIONS = ['confirmed', 'rejected'] as const;
export type LinkDecision = (typeof LINK_DECISIONS)[number];

/** Issue 5: the implementation plan (uitvoeringsplan), per two-year period. */
export const AMBITIONS = [1, 2, 3, 4, 5] as const;
export type Ambition = (typeof AMBITIONS)[number];
export const PILLARS = ['signalling', 'awareness', 'cooperation', 'care'] as const;
export type Pillar = (typeof PILLARS)[number];
export const ACTIVITY_STATUSES = ['planned', 'started', 'done', 'dropped'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Administrative interventions (barriers, ambition 5). */
export const INTERVENTION_KINDS = ['bibob', 'closure', 'penalty', 'permit_refused', 'permit_withdrawn', 'housing_inspection', 'other'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/**
 * Issue 6.3: indicator lists. The groups follow the public indicator lists (work, housing,
 * money, dependency, freedom, appearance and behaviour, contacts, online); the texts are the
 * municipality's own (src/server/modules/indicators/default-indicators.ts seeds a first list).
 */
export const INDICATOR_GROUPS = ['work', 'housing', 'money', 'dependency', 'freedom', 'appearance_behaviour', 'contacts', 'online'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];
/** The exploitation forms an indicator can apply to ("unknown" is not a form an indicator points to). */
export const INDICATOR_FORMS = ['sexual', 'labour', 'criminal', 'organ_removal'] as const satisfies readonly ExploitationForm[];
/** Who ticked an indicator on a signal: the reporter at submission, or the coordinator while recording. */
export const INDICATOR_TICK_SOURCES = ['reporter', 'coordinator'] as const;
export type IndicatorTickSource = (typeof INDICATOR_TICK_SOURCES)[number];
