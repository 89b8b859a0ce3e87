import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { SignalInput } from '../../shared/api/signal.js';
import type { Role } from '../../shared/domain.js';
import type { Database } from '../db/client.js';
import { auditLog, partners, routingRules } from '../db/schema/index.js';
import { hashPassword } from '../modules/auth/password.js';
import { insertUser } from '../modules/users/user.repo.js';
import { VALIDATION_MESSAGES } from '../../shared/validation.js';
import { buildSignal } from './factories.js';
import { TEST_PASSWORD, type Client, type TestContext } from './test-app.js';

/**
 * Helpers for the server test suite on top of createTestContext(). Test-only
 * code, but it lives under src/server so it must not import vitest.
 */

/** Throw with the response body when a request did not answer as expected. */
export function expectStatus(res: LightMyRequestResponse, status: number, what = 'request'): LightMyRequestResponse {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res;
}

/** Submit a signal through the API and return its id and number. */
export async function submitSignal(client: Client, overrides: Partial<SignalInput> = {}): Promise<{ id: string; number: string }> {
  const res = expectStatus(await client.post('/api/signals', buildSignal(overrides)), 201, 'submit signal');
  return res.json() as { id: string; number: string };
}

/** Submit and register a signal (steps 1-3). */
export async function registeredSignal(
  reporter: Client,
  coordinator: Client,
  overrides: Partial<SignalInput> = {},
): Promise<{ id: string; number: string }> {
  const signal = await submitSignal(reporter, overrides);
  expectStatus(await coordinator.post(`/api/signals/${signal.id}/register`), 204, 'register signal');
  return signal;
}

/** Partner ids of a municipality by code (politie-avim, nla, moviera, veilig-thuis, meldcode, …). */
export async function partnerIds(database: Database, municipalityId: string): Promise<Record<string, string>> {
  const rows = await database.db
    .select({ id: partners.id, code: partners.code })
    .from(partners)
    .where(eq(partners.municipalityId, municipalityId));
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

/** Routing rule ids of a municipality by partner code. */
export async function routingRuleIds(database: Database, municipalityId: string): Promise<Record<string, string>> {
  const rows = await database.db
    .select({ id: routingRules.id, code: partners.code })
    .from(routingRules)
    .innerJoin(partners, eq(partners.id, routingRules.partnerId))
    .where(eq(routingRules.municipalityId, municipalityId));
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

const COUNTABLE = [
  'signals',
  'signal_persons',
  'signal_organisations',
  'signal_addresses',
  'signal_history',
  'signal_counters',
  'enrichment_notes',
  'referrals',
  'reporter_feedback',
  'users',
  'departments',
  'partners',
  'routing_rules',
  'sessions',
  'audit_log',
] as const;
export type CountableTable = (typeof COUNTABLE)[number];

/** Number of rows in one table (raw SQL, independent of the services). */
export async function countRows(database: Database, table: CountableTable): Promise<number> {
  if (!COUNTABLE.includes(table)) throw new Error(`not countable: ${table}`);
  const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

/** Row counts of every table that holds signal data, for "nothing half-stored" checks. */
export async function signalDataCounts(database: Database): Promise<Record<string, number>> {
  const tables: CountableTable[] = [
    'signals',
    'signal_persons',
    'signal_organisations',
    'signal_addresses',
    'signal_history',
    'enrichment_notes',
    'referrals',
    'reporter_feedback',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await countRows(database, t);
  // The yearly number sequence must not advance for a refused submission either.
  const seq = await database.db.execute(sql.raw('select coalesce(sum(last_value), 0)::int as n from signal_counters'));
  counts.signal_counters_sum = Number((seq as unknown as { rows: { n: number }[] }).rows[0]!.n);
  return counts;
}

export type AuditEntry = typeof auditLog.$inferSelect;

/** Audit entries, optionally of one action and/or one actor, oldest first. */
export async function auditEntries(database: Database, filter: { action?: string; actorId?: string; objectId?: string } = {}): Promise<AuditEntry[]> {
  return database.db
    .select()
    .from(auditLog)
    .where(
      and(
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
        filter.objectId ? eq(auditLog.objectId, filter.objectId) : undefined,
      ),
    )
    .orderBy(auditLog.id);
}

/** Highest audit id so far; entries written after it are "new". */
export async function lastAuditId(database: Database): Promise<number> {
  const result = await database.db.execute(sql.raw('select coalesce(max(id), 0)::int as n from audit_log'));
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

/** Audit entries written after `afterId`. */
export async function auditSince(database: Database, afterId: number): Promise<AuditEntry[]> {
  return database.db.select().from(auditLog).where(sql`${auditLog.id} > ${afterId}`).orderBy(auditLog.id);
}

let testPasswordHash: Promise<string> | undefined;

/** Add a user to the test municipality (or another one) who can log in with TEST_PASSWORD. */
export async function addUser(
  ctx: TestContext,
  spec: { username: string; displayName: string; email?: string | null; role: Role; department?: string | null; municipalityId?: string },
): Promise<string> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return insertUser(ctx.database.db, {
    municipalityId: spec.municipalityId ?? ctx.municipality.id,
    username: spec.username,
    displayName: spec.displayName,
    email: spec.email ?? null,
    role: spec.role,
    departmentId: spec.department ? ctx.departmentIds[spec.department]! : null,
    passwordHash: await testPasswordHash,
  });
}

/** The value of one Set-Cookie header for a cookie name, with its attributes. */
export function setCookieFor(res: LightMyRequestResponse, name: string): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((c) => c.startsWith(`${name}=`));
}

/** Dutch messages the API may give for a field: the catalogue (placeholders filled) or a service's own Dutch sentence. */
const CATALOGUE = Object.values(VALIDATION_MESSAGES.nl).map((m) => new RegExp(`^${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '.*')}$`));
/** zod's own (English) wording, which must never reach a user. */
export const ENGLISH = /\b(Invalid|expected|received|must|Required|Too (big|small))\b/;

/**
 * What is wrong with the field errors of an error answer (empty when nothing): a validation error
 * without fields, a field without a path, a key outside the catalogue, an empty or English message
 * (zod's own text); with `catalogue`, also a message that is not the catalogue's (a service may
 * otherwise explain a refusal in a Dutch sentence of its own).
 */
export function fieldErrorProblems(body: { code?: unknown; fields?: unknown }, options: { catalogue?: boolean } = {}): string[] {
  if (body.fields === undefined) return body.code === 'validation' ? ['a validation error without fields'] : [];
  if (!Array.isArray(body.fields)) return ['fields is not a list'];
  if (body.code === 'validation' && body.fields.length === 0) return ['a validation error without fields'];
  const problems: string[] = [];
  for (const f of body.fields as { path?: unknown; key?: unknown; message?: unknown }[]) {
    if (typeof f.path !== 'string') problems.push('a field without a path');
    if (typeof f.key !== 'string' || !(f.key in VALIDATION_MESSAGES.nl)) problems.push(`unknown message key ${String(f.key)}`);
    const message = typeof f.message === 'string' ? f.message : '';
    if (!message || ENGLISH.test(message)) problems.push(`an empty or English message: ${message}`);
    else if (options.catalogue && !CATALOGUE.some((re) => re.test(message))) problems.push(`message not from the Dutch catalogue: ${message}`);
  }
  return problems;
}
