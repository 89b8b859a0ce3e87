import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ExploitationForm, PartnerKind, ReferralChannel, Role, RoutingUrgency } from '../../../shared/domain.js';
import type { MunicipalitySettings, RoutingCondition } from '../../../shared/api/admin.js';
import type { OrganisationType } from '../../../shared/api/directory.js';

const now = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** Every record belongs to a municipality, so one instance can serve several. */
export const municipalities = pgTable('municipalities', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  settings: jsonb().$type<MunicipalitySettings>().notNull(),
  createdAt: now(),
});

export const departments = pgTable(
  'departments',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    code: text().notNull(),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [uniqueIndex('departments_code_uq').on(t.municipalityId, t.code)],
);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    username: text().notNull(),
    displayName: text().notNull(),
    email: text(),
    role: text().$type<Role>().notNull(),
    departmentId: uuid().references(() => departments.id),
    passwordHash: text().notNull(),
    mustChangePassword: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    isDemo: boolean().notNull().default(false),
    /**
     * Two-factor login (TOTP, RFC 6238). The base32 secret is stored encrypted; it never
     * leaves the server after enrolment and is never logged. totpPendingSecret holds a
     * secret between setup and confirmation (encrypted too).
     */
    totpSecret: text(),
    totpPendingSecret: text(),
    totpEnabled: boolean().notNull().default(false),
    /** The last accepted time step: a code is accepted at most once. */
    totpLastStep: integer(),
    /** Consecutive failed logins (password or second factor) and the temporary lockout they caused. */
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    // Usernames are unique across the instance so that login needs no municipality picker.
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_municipality_idx').on(t.municipalityId, t.role),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    userId: uuid().notNull().references(() => users.id),
    csrfToken: text().notNull(),
    /**
     * 'full' for a logged-in session; 'totp' for a login whose password was right and
     * that waits for the second factor (short-lived, reaches only POST /api/auth/login/totp).
     */
    stage: text().$type<'full' | 'totp'>().notNull().default('full'),
    /** Wrong second-factor codes entered in a 'totp' stage session. */
    attempts: integer().notNull().default(0),
    createdAt: now(),
    lastSeenAt: now(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time recovery codes for two-factor login; only their SHA-256 is stored. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: now(),
  },
  (t) => [uniqueIndex('recovery_codes_user_code_uq').on(t.userId, t.codeHash)],
);

export const partners = pgTable(
  'partners',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    code: text().notNull(),
    name: text().notNull(),
    kind: text().$type<PartnerKind>().notNull(),
    internalRole: text().$type<Role>(),
    exploitationForms: text().array().$type<ExploitationForm[]>().notNull().default(sql`'{}'::text[]`),
    description: text(),
    referralChannel: text().$type<ReferralChannel>(),
    contact: text(),
    /** Issue 6.2 (partner directory): organisation type, opening hours, secure mailbox, how to refer. */
    organisationType: text().$type<OrganisationType>(),
    openingHours: text(),
    secureEmail: text(),
    referralInstructions: text(),
    active: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [uniqueIndex('partners_code_uq').on(t.municipalityId, t.code)],
);

/** Routing rules are data: which partner to suggest for which kind of signal. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    name: text().notNull(),
    condition: jsonb().$type<RoutingCondition>().notNull(),
    partnerId: uuid().notNull().references(() => partners.id),
    urgency: text().$type<RoutingUrgency>().notNull(),
    position: integer().notNull().default(100),
    active: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [index('routing_rules_municipality_idx').on(t.municipalityId, t.position)],
);
