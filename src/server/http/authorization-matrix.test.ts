import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain.js';
import { departments, users } from '../db/schema/index.js';
import { buildSignal } from '../testing/factories.js';
import { addUser, expectStatus, partnerIds, registeredSignal, routingRuleIds, submitSignal } from '../testing/helpers.js';
import { createTestContext, loginWith, TEST_PASSWORD, USER_OF_ROLE, type Client, type TestContext } from '../testing/test-app.js';
import { queryRows } from '../testing/test-database.js';
import { notifyUsers } from '../modules/notifications/notify.js';

/**
 * THE authorization matrix: every route of the OpenAPI document → the roles that
 * may call it. It restates src/server/lib/permissions.ts per route, so that a
 * route whose service forgets (or misnames) its permission check fails here.
 *
 * A new route without an entry fails the suite ("has an entry for every documented
 * route"): add a row here, and a request for it in REQUESTS below.
 *
 * Public routes name what an anonymous caller gets instead of a role list.
 */
type Entry = readonly Role[] | { readonly public: true; readonly anonymous: number };

const EVERYONE = ROLES;
const SUBMITTERS = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'] as const satisfies readonly Role[];
/** The coordinator and the deputy coordinator (plaatsvervanger) work the route alike; only the reporter's identity differs. */
const COORDINATOR = ['coordinator', 'deputy_coordinator'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
/** Issue 5: the implementation plan, training reach and intervention counts are read by the analyst too. */
const POLICY_READ = ['coordinator', 'deputy_coordinator', 'analyst'] as const satisfies readonly Role[];

const MATRIX = {
  // Health and login need no session. GET /api/auth/session is public but answers 401 itself without one.
  'GET /healthz': { public: true, anonymous: 200 },
  'GET /readyz': { public: true, anonymous: 200 },
  'POST /api/auth/login': { public: true, anonymous: 200 },
  'GET /api/auth/session': { public: true, anonymous: 401 },
  // Single sign-on (OpenID Connect): public; start and callback answer a browser with a redirect.
  'GET /api/auth/oidc': { public: true, anonymous: 200 },
  'GET /api/auth/oidc/start': { public: true, anonymous: 302 },
  'GET /api/auth/oidc/callback': { public: true, anonymous: 302 },
  'POST /api/auth/logout': EVERYONE,
  'POST /api/auth/logout-everywhere': EVERYONE,
  'POST /api/auth/password': EVERYONE,
  // Two-factor login: every role may set it up for itself. The second login step takes a pending login
  // (password right, code awaited) instead of a session; without one it is a 401.
  'POST /api/auth/login/totp': EVERYONE,
  'GET /api/auth/totp': EVERYONE,
  'POST /api/auth/totp/setup': EVERYONE,
  'POST /api/auth/totp/confirm': EVERYONE,
  'POST /api/auth/totp/disable': EVERYONE,

  // Step 1 and what a reporter (or a liaison) sees of their own signals.
  'POST /api/signals': SUBMITTERS,
  'GET /api/my/signals': SUBMITTERS,
  'GET /api/my/signals/{id}': SUBMITTERS,
  // The liaison: open signals of the department (no content), colleagues to submit for.
  'GET /api/department/signals': ['liaison'],
  'GET /api/department/colleagues': ['liaison'],

  // The coordinator (and the deputy) work the route (steps 2-6).
  'GET /api/signals': COORDINATOR,
  'GET /api/worklist': COORDINATOR,
  'GET /api/signals/{id}': [...COORDINATOR, 'meldcode_officer'],
  // Only the deputy looks the reporter up, with a reason (the coordinator sees the reporter anyway).
  'POST /api/signals/{id}/reporter-identity': ['deputy_coordinator'],
  'POST /api/signals/{id}/register': COORDINATOR,
  'PATCH /api/signals/{id}/classification': COORDINATOR,
  'PUT /api/signals/{id}/meeting': COORDINATOR,
  'PUT /api/signals/{id}/legal-hold': ['coordinator'],
  'POST /api/signals/{id}/enrichment-notes': COORDINATOR,
  'POST /api/signals/{id}/reporter-feedback': COORDINATOR,
  'POST /api/signals/{id}/close': COORDINATOR,
  'POST /api/signals/{id}/reopen': COORDINATOR,
  'GET /api/signals/{id}/referral-suggestions': COORDINATOR,
  // Issue 4: candidate matches, links and entities are the coordinator's enrichment work.
  'GET /api/signals/{id}/matches': COORDINATOR,
  'POST /api/signals/{id}/links': COORDINATOR,
  'POST /api/signals/{id}/entities': COORDINATOR,
  'GET /api/signals/{id}/linked': COORDINATOR,
  'GET /api/signals/{id}/network': COORDINATOR,
  'GET /api/signals/{id}/enrichment': COORDINATOR,
  'GET /api/clusters': COORDINATOR,
  // The access log names everyone who touched the signal, the reporter included: the coordinator only.
  'GET /api/signals/{id}/access-log': ['coordinator'],
  'POST /api/signals/{id}/referrals': COORDINATOR,
  'POST /api/referrals/{id}/request-feedback': COORDINATOR,
  'POST /api/referrals/{id}/feedback': [...COORDINATOR, 'meldcode_officer'],
  'POST /api/referrals/{id}/close': COORDINATOR,

  // Access requests (AVG art. 15): search every signal for a data subject and export it: the coordinator only.
  'POST /api/access-requests/search': ['coordinator'],
  'POST /api/access-requests/export': ['coordinator'],

  // The meldcode officer: the signals put before them.
  'GET /api/consultations': ['meldcode_officer'],

  // Monitoring: exact for the coordinator, suppressed for the analyst.
  'GET /api/stats/yearly': [...COORDINATOR, 'analyst'],
  // Issue 5: the dashboard and the aggregated export (protected for the analyst); pseudonymised signal rows: the coordinator.
  'GET /api/stats/dashboard': [...COORDINATOR, 'analyst'],
  'GET /api/stats/dashboard/export': [...COORDINATOR, 'analyst'],
  'GET /api/stats/signals/export': ['coordinator'],
  'GET /api/reference': EVERYONE,
  // Issue 6.2/6.4: the partner directory and one's own department's liaison: every role (organisations only).
  'GET /api/directory': EVERYONE,
  'GET /api/directory/my-liaison': EVERYONE,

  // Functioneel beheer.
  'GET /api/admin/users': ADMIN,
  'POST /api/admin/users': ADMIN,
  'PATCH /api/admin/users/{id}': ADMIN,
  'POST /api/admin/users/{id}/reset-password': ADMIN,
  'GET /api/admin/departments': ADMIN,
  'POST /api/admin/departments': ADMIN,
  'PATCH /api/admin/departments/{id}': ADMIN,
  'GET /api/admin/partners': ADMIN,
  'POST /api/admin/partners': ADMIN,
  'PATCH /api/admin/partners/{id}': ADMIN,
  'GET /api/admin/routing-rules': ADMIN,
  'POST /api/admin/routing-rules': ADMIN,
  'PATCH /api/admin/routing-rules/{id}': ADMIN,
  'DELETE /api/admin/routing-rules/{id}': ADMIN,
  'GET /api/admin/settings': ADMIN,
  'PATCH /api/admin/settings': ADMIN,
  // Issue 6.2/6.4: meeting structures and the liaison network are kept by functional management.
  'GET /api/admin/meeting-structures': ADMIN,
  'POST /api/admin/meeting-structures': ADMIN,
  'PATCH /api/admin/meeting-structures/{id}': ADMIN,
  'GET /api/admin/liaisons': ADMIN,
  'POST /api/admin/liaisons': ADMIN,
  'PATCH /api/admin/liaisons/{id}': ADMIN,
  'DELETE /api/admin/liaisons/{id}': ADMIN,
  'PUT /api/admin/liaison-network': ADMIN,
  // Municipal registers (issue 4): functional management and the coordinator import the CSV extracts.
  'GET /api/admin/registers': ['coordinator', 'admin'],
  'POST /api/admin/registers/{kind}/import': ['coordinator', 'admin'],

  // Issue 5 points 5–7: the coordinator and deputy keep the implementation plan, training sessions and
  // interventions; the analyst reads the plan, training and intervention counts, not intervention details.
  'GET /api/plan/activities': POLICY_READ,
  'POST /api/plan/activities': COORDINATOR,
  'PATCH /api/plan/activities/{id}': COORDINATOR,
  'DELETE /api/plan/activities/{id}': COORDINATOR,
  'POST /api/plan/periods/{periodStart}/carry-over': COORDINATOR,
  'GET /api/training/sessions': POLICY_READ,
  'POST /api/training/sessions': COORDINATOR,
  'PATCH /api/training/sessions/{id}': COORDINATOR,
  'DELETE /api/training/sessions/{id}': COORDINATOR,
  'GET /api/training/reach': POLICY_READ,
  'GET /api/interventions': COORDINATOR,
  'POST /api/interventions': COORDINATOR,
  'PATCH /api/interventions/{id}': COORDINATOR,
  'DELETE /api/interventions/{id}': COORDINATOR,
  'GET /api/interventions/counts': POLICY_READ,
  // Issue 5.4: the biennial evaluation report and the coordinator's conclusions in it (coordinator and deputy).
  'GET /api/evaluation/conclusions': COORDINATOR,
  'PUT /api/evaluation/conclusions': COORDINATOR,
  'GET /api/evaluation/report': COORDINATOR,
  // Issue 6.3: the indicator list is read by everyone who reports; the coordinator and deputy maintain it and tick
  // indicators while recording; ticks are signal data; their counts are monitoring (suppressed for the analyst).
  'GET /api/indicators': SUBMITTERS,
  'GET /api/indicators/maintenance': COORDINATOR,
  'POST /api/indicators': COORDINATOR,
  'PATCH /api/indicators/{id}': COORDINATOR,
  'DELETE /api/indicators/{id}': COORDINATOR,
  'PUT /api/indicators/order': COORDINATOR,
  'GET /api/signals/{id}/indicators': COORDINATOR,
  'PUT /api/signals/{id}/indicators': COORDINATOR,
  'GET /api/stats/indicators': [...COORDINATOR, 'analyst'],
  // Issue 5 point 8: context series (regional figures) — read with the dashboard, kept by the policy managers.
  'GET /api/stats/context-series': POLICY_READ,
  'POST /api/stats/context-series': COORDINATOR,
  'PATCH /api/stats/context-series/{id}': COORDINATOR,
  'DELETE /api/stats/context-series/{id}': COORDINATOR,
  'PUT /api/stats/context-series/{id}/points': COORDINATOR,
  'DELETE /api/stats/context-series/{id}/points/{year}': COORDINATOR,
  // Issue 6.5: one's own notifications (every role; another user's is a 404); the e-mail outbox is functional management's.
  'GET /api/notifications': EVERYONE,
  'POST /api/notifications/{id}/read': EVERYONE,
  'POST /api/notifications/read-all': EVERYONE,
  'GET /api/admin/email-outbox': ADMIN,
  'POST /api/admin/email-outbox/{id}/retry': ADMIN,
  // Issue 6.6: one's own calendar feed, for every role (it holds only one's own meetings and due items). The feed
  // itself is public: the secret in its address is the credential (calendar clients send no cookie); unknown or
  // revoked secrets answer 404 (calendar.test.ts).
  'GET /api/calendar/feed': EVERYONE,
  'POST /api/calendar/feed': EVERYONE,
  'DELETE /api/calendar/feed': EVERYONE,
  'GET /api/calendar/{token}.ics': { public: true, anonymous: 200 },
  // Issue 6.1: meetings. Any role can be invited (object level: participants of a series read its published
  // agendas, pseudonymised); the coordinator and deputy plan, build, publish and minute them. Everyone sees
  // their own action items and marks them done (object level: the owner).
  'GET /api/meetings': EVERYONE,
  'GET /api/meeting-series/people': COORDINATOR,
  'POST /api/meeting-series': COORDINATOR,
  'PATCH /api/meeting-series/{id}': COORDINATOR,
  'POST /api/meeting-series/{id}/meetings': COORDINATOR,
  'GET /api/meetings/{id}': EVERYONE,
  'PATCH /api/meetings/{id}': COORDINATOR,
  'POST /api/meetings/{id}/cancel': COORDINATOR,
  'GET /api/meetings/{id}/candidates': COORDINATOR,
  'POST /api/meetings/{id}/items': COORDINATOR,
  'PATCH /api/meetings/{id}/items/{itemId}': COORDINATOR,
  'DELETE /api/meetings/{id}/items/{itemId}': COORDINATOR,
  'PUT /api/meetings/{id}/items/order': COORDINATOR,
  'POST /api/meetings/{id}/publish': COORDINATOR,
  'PUT /api/meetings/{id}/items/{itemId}/minutes': COORDINATOR,
  'POST /api/meetings/{id}/items/{itemId}/actions': COORDINATOR,
  'POST /api/meetings/{id}/finalise': COORDINATOR,
  'GET /api/meetings/{id}/pdf': EVERYONE,
  'GET /api/meeting-actions/mine': EVERYONE,
  'PATCH /api/meeting-actions/{id}': EVERYONE,
} as const satisfies Record<string, Entry>;

type RouteKey = keyof typeof MATRIX;
const ROUTES = Object.keys(MATRIX) as RouteKey[];

/**
 * Where a role that holds the route's permission still gets 404: the object is
 * not theirs to know about, so its existence is not revealed (decision 0003).
 * A role WITHOUT the permission always gets 403 — the matrix above.
 */
const HIDDEN_OBJECTS = [
  { route: 'GET /api/my/signals/{id}', role: 'reporter', object: 'a signal of another reporter', why: 'own signals only; others are not revealed' },
  { route: 'GET /api/my/signals/{id}', role: 'liaison', object: 'a signal of a colleague in the same department, not submitted by the liaison', why: 'the liaison sees only that it is open (department list), never the signal' },
  { route: 'GET /api/my/signals/{id}', role: 'coordinator', object: 'a signal the coordinator did not report', why: '"my signals" is the reporter view; the coordinator reads via GET /api/signals/{id}' },
  { route: 'GET /api/signals/{id}', role: 'meldcode_officer', object: 'a signal not put before the meldcode officer', why: 'consulted signals only' },
  { route: 'POST /api/referrals/{id}/feedback', role: 'meldcode_officer', object: 'a referral to an outside partner', why: 'only consultations addressed to their role' },
  { route: 'GET /api/signals/{id}', role: 'coordinator', object: "another municipality's signal", why: 'municipalities are isolated' },
  { route: 'GET /api/signals/{id}/access-log', role: 'coordinator', object: "another municipality's signal", why: 'municipalities are isolated' },
  { route: 'GET /api/signals/{id}/indicators', role: 'coordinator', object: "another municipality's signal", why: 'municipalities are isolated' },
  { route: 'GET /api/signals/{id}', role: 'deputy_coordinator', object: "another municipality's signal", why: 'municipalities are isolated' },
  { route: 'POST /api/signals/{id}/reporter-identity', role: 'deputy_coordinator', object: "another municipality's signal", why: 'municipalities are isolated' },
  { route: 'GET /api/my/signals/{id}', role: 'deputy_coordinator', object: 'a signal the coordinator did not report', why: '"my signals" is the reporter view; the deputy reads via GET /api/signals/{id}' },
  { route: 'PATCH /api/admin/users/{id}', role: 'admin', object: "another municipality's user", why: 'municipalities are isolated' },
  { route: 'PATCH /api/admin/departments/{id}', role: 'admin', object: "another municipality's department", why: 'municipalities are isolated' },
  { route: 'PATCH /api/admin/partners/{id}', role: 'admin', object: "another municipality's partner", why: 'municipalities are isolated' },
  { route: 'DELETE /api/admin/routing-rules/{id}', role: 'admin', object: "another municipality's routing rule", why: 'municipalities are isolated' },
  { route: 'PATCH /api/admin/meeting-structures/{id}', role: 'admin', object: "another municipality's meeting structure", why: 'municipalities are isolated' },
  { route: 'DELETE /api/admin/liaisons/{id}', role: 'admin', object: "another municipality's liaison", why: 'municipalities are isolated' },
  { route: 'POST /api/notifications/{id}/read', role: 'reporter', object: "another user's notification", why: 'own notifications only' },
  { route: 'POST /api/notifications/{id}/read', role: 'coordinator', object: "another user's notification", why: 'own notifications only' },
  { route: 'GET /api/meetings/{id}', role: 'reporter', object: 'a meeting of their series whose agenda is not published', why: 'participants see published agendas only' },
  { route: 'GET /api/meetings/{id}/pdf', role: 'analyst', object: 'a meeting of their series whose agenda is not published', why: 'participants see published agendas only' },
  { route: 'GET /api/meetings/{id}', role: 'coordinator', object: "another municipality's meeting", why: 'municipalities are isolated' },
  { route: 'PATCH /api/meeting-actions/{id}', role: 'liaison', object: "another user's action item", why: 'owners change only their own action items' },
] as const satisfies readonly { route: RouteKey; role: Role; object: string; why: string }[];

const DEPARTMENT_OF_ROLE: Partial<Record<Role, string>> = { reporter: 'dienstverlening', liaison: 'dienstverlening', coordinator: 'oov', deputy_coordinator: 'oov', meldcode_officer: 'sociaal-domein' };
const TODAY = '2026-11-28';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Tables whose content a refused request must leave exactly as it was (sessions and the audit trail do change). */
const DATA_TABLES = [
  'municipalities', 'departments', 'users', 'partners', 'routing_rules', 'signals', 'signal_persons', 'signal_organisations',
  'signal_addresses', 'signal_history', 'signal_counters', 'enrichment_notes', 'referrals', 'reporter_feedback',
  'identity_disclosures',
  'meeting_structures', 'meeting_structure_partners', 'department_liaisons', 'directory_settings',
  'plan_activities', 'training_sessions', 'training_participation', 'interventions', 'intervention_signals',
  'evaluation_conclusions',
  'indicators', 'signal_indicators',
  'context_series', 'context_series_points',
  'notifications', 'email_outbox',
  'calendar_feeds',
  'meeting_series', 'meeting_participants', 'meetings', 'meeting_items', 'meeting_actions',
];

type Request = { client?: Client; id?: string; body?: unknown; /** Issue 6.6: a calendar feed's secret, for {token}. */ token?: string };

describe('authorization matrix: every route × every role', () => {
  let ctx: TestContext;
  const clients = {} as Record<Role, Client>;
  let partners: Record<string, string>;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

  /** Fixtures that refused requests may share: a refusal changes nothing (checked). */
  const shared = {} as {
    received: string;
    registered: string;
    informed: string;
    closed: string;
    consulted: string;
    consultation: string;
    referral: string;
    /** A person record (signal_persons) of the registered signal, for the access-request export. */
    person: string;
    own: Record<(typeof SUBMITTERS)[number], string>;
    user: string;
    department: string;
    partner: string;
    rule: string;
    meeting: string;
    liaison: string;
    feedbackDueDays: number;
    activity: string;
    session: string;
    intervention: string;
    /** Issue 6.3: an indicator that fits the registered signal (sexual exploitation). */
    indicator: string;
    contextSeries: string;
    /** Issue 6.5: a notification of each role's user (to mark read), and an e-mail in the outbox (to retry). */
    notification: Record<Role, string>;
    email: string;
    /** Issue 6.1: an ad hoc series with a user of every role, a published meeting of it and a topic on its agenda. */
    meetingSeries: string;
    agenda: string;
    agendaItem: string;
  };

  let meetingDay = 0;
  /** A client whose request URL also fills in {itemId}. */
  const withItem = (role: Role, itemId: string): Client => {
    const client = clients[role];
    return { ...client, request: (o) => client.request({ ...o, url: String(o.url).replace('{itemId}', itemId) }) };
  };
  /** Fresh objects for requests that are allowed and change state. */
  const fresh = {
    /** A meeting of the shared series on a day of its own; published (visible to its participants) or a draft. */
    meeting: async (published: boolean) => {
      const date = new Date(Date.UTC(2027, 0, 1 + ++meetingDay)).toISOString().slice(0, 10);
      const id = expectStatus(await clients.coordinator.post(`/api/meeting-series/${shared.meetingSeries}/meetings`, { date }), 201, 'meeting').json().id as string;
      if (published) expectStatus(await clients.coordinator.post(`/api/meetings/${id}/publish`), 200, 'publish');
      return id;
    },
    agendaItem: async (meetingId: string) => {
      const items = expectStatus(await clients.coordinator.post(`/api/meetings/${meetingId}/items`, { title: unique('Agendapunt') }), 201, 'item').json().items as { id: string }[];
      return items.at(-1)!.id;
    },
    received: async () => (await submitSignal(clients.reporter)).id,
    registered: async () => (await registeredSignal(clients.reporter, clients.coordinator)).id,
    informed: async () => {
      const id = await fresh.registered();
      expectStatus(await clients.coordinator.post(`/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: TODAY, text: 'Dank voor uw melding.' }), 204, 'inform');
      return id;
    },
    closed: async () => {
      const id = await fresh.informed();
      expectStatus(await clients.coordinator.post(`/api/signals/${id}/close`, { outcome: 'no_grounds' }), 204, 'close');
      return id;
    },
    referralTo: async (partnerCode: string) => {
      const signalId = await fresh.registered();
      const res = await clients.coordinator.post(`/api/signals/${signalId}/referrals`, { partnerId: partners[partnerCode], referredOn: TODAY, channel: 'phone' });
      return { signalId, referralId: expectStatus(res, 201, `refer to ${partnerCode}`).json().id as string };
    },
    activity: async () =>
      expectStatus(await clients.coordinator.post('/api/plan/activities', { periodStart: 2025, title: 'Matrixactiviteit', ambition: 2, pillar: 'cooperation', owner: 'OOV' }), 201, 'activity').json().id as string,
    session: async () =>
      expectStatus(
        await clients.coordinator.post('/api/training/sessions', { heldOn: TODAY, provider: 'RIEC', topic: 'Matrix', participation: [{ departmentId: ctx.departmentIds.civiel, participants: 2 }] }),
        201,
        'session',
      ).json().id as string,
    intervention: async () =>
      expectStatus(await clients.coordinator.post('/api/interventions', { kind: 'other', decidedOn: TODAY, legalBasis: 'APV' }), 201, 'intervention').json().id as string,
    contextSeries: async () =>
      expectStatus(
        await clients.coordinator.post('/api/stats/context-series', { name: unique('Matrixreeks'), source: 'Matrix', unit: 'aanmeldingen', points: [{ year: 2020, value: 66 }] }),
        201,
        'context series',
      ).json().id as string,
    department: async () => expectStatus(await clients.admin.post('/api/admin/departments', { code: unique('afd'), name: 'Matrixafdeling' }), 201, 'department').json().id as string,
    liaison: async () =>
      expectStatus(await clients.admin.post('/api/admin/liaisons', { departmentId: await fresh.department(), userId: ctx.userIds.liaison }), 201, 'liaison').json().id as string,
    rule: async () =>
      expectStatus(
        await clients.admin.post('/api/admin/routing-rules', { name: unique('regel'), condition: { type: 'always' }, partnerId: shared.partner, urgency: 'normal' }),
        201,
        'rule',
      ).json().id as string,
    /** A user of the role who can log in, for requests that end sessions or change the password. */
    userClient: async (role: Role) => (await fresh.user(role)).client,
    user: async (role: Role) => {
      const username = unique(`matrix-${role}`);
      await addUser(ctx, { username, displayName: `Matrix ${role}`, role, department: DEPARTMENT_OF_ROLE[role] ?? null });
      return { username, client: await loginWith(ctx, username) };
    },
    /** A user of the role with two-factor login set up; the clock is then moved to the next code. */
    enrolled: async (role: Role) => {
      const { username, client } = await fresh.user(role);
      const { secret } = expectStatus(await client.post('/api/auth/totp/setup', {}), 200, 'totp setup').json() as { secret: string };
      expectStatus(await client.post('/api/auth/totp/confirm', { code: totpCode(secret) }), 200, 'totp confirm');
      nextTotpStep();
      return { username, client, secret };
    },
  };

  /** The code an authenticator app shows at the test clock's time. */
  const totpCode = (secret: string) => generateSync({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) });
  /** Each code is accepted once: move the test clock on by one 30-second step (sessions idle out only after 30 minutes). */
  const nextTotpStep = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 30_000));
  /** A client on the cookie and CSRF token of a login answer (a pending login, for the second step). */
  function clientOf(res: LightMyRequestResponse): Client {
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
    const request: Client['request'] = (options) =>
      ctx.app.inject({ ...options, headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) } });
    const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown) => request({ method, url, payload: (body ?? {}) as object });
    return { userId: '', csrfToken, request, get: (url) => request({ method: 'GET', url }), post: withBody('POST'), patch: withBody('PATCH'), put: withBody('PUT'), delete: (url) => request({ method: 'DELETE', url }) };
  }

  /**
   * How to call each route for a role: the object ids and a minimal valid body, so
   * that an allowed call succeeds (2xx) and a refusal can only be about the role.
   * `allowed` says whether the role may call it; only allowed calls get fresh objects.
   */
  const REQUESTS: Record<RouteKey, (role: Role, allowed: boolean) => Promise<Request>> = {
    'GET /healthz': async () => ({}),
    'GET /readyz': async () => ({}),
    'POST /api/auth/login': async (role) => ({ client: ctx.anonymous(), body: { username: USER_OF_ROLE[role], password: TEST_PASSWORD } }),
    'GET /api/auth/session': async () => ({}),
    'GET /api/auth/oidc': async () => ({}),
    'GET /api/auth/oidc/start': async () => ({}),
    'GET /api/auth/oidc/callback': async () => ({}),
    // Logging out and changing the password end sessions: a session (or a user) of its own for each call.
    'POST /api/auth/logout': async (role, allowed) => (allowed ? { client: await ctx.login(USER_OF_ROLE[role]) } : {}),
    'POST /api/auth/password': async (role, allowed) => ({
      ...(allowed ? { client: await fresh.userClient(role) } : {}),
      body: { currentPassword: TEST_PASSWORD, newPassword: 'een heel nieuw wachtwoord 42' },
    }),
    'POST /api/auth/logout-everywhere': async (role, allowed) => (allowed ? { client: await fresh.userClient(role) } : {}),
    'POST /api/auth/login/totp': async (role, allowed) => {
      if (!allowed) return { body: { code: '123456' } };
      const { username, secret } = await fresh.enrolled(role);
      const pending = expectStatus(await ctx.anonymous().post('/api/auth/login', { username, password: TEST_PASSWORD }), 200, 'password step');
      expect(pending.json().status).toBe('totp_required');
      return { client: clientOf(pending), body: { code: totpCode(secret) } };
    },
    'GET /api/auth/totp': async () => ({}),
    'POST /api/auth/totp/setup': async (role, allowed) => ({ ...(allowed ? { client: await fresh.userClient(role) } : {}), body: {} }),
    'POST /api/auth/totp/confirm': async (role, allowed) => {
      if (!allowed) return { body: { code: '123456' } };
      const client = await fresh.userClient(role);
      const { secret } = expectStatus(await client.post('/api/auth/totp/setup', {}), 200, 'totp setup').json() as { secret: string };
      return { client, body: { code: totpCode(secret) } };
    },
    'POST /api/auth/totp/disable': async (role, allowed) => {
      if (!allowed) return { body: { password: TEST_PASSWORD, code: '123456' } };
      const { client, secret } = await fresh.enrolled(role);
      return { client, body: { password: TEST_PASSWORD, code: totpCode(secret) } };
    },

    'POST /api/signals': async () => ({ body: buildSignal() }),
    'GET /api/my/signals': async () => ({}),
    'GET /api/my/signals/{id}': async (role, allowed) => ({ id: allowed ? shared.own[role as keyof typeof shared.own] : shared.own.reporter }),
    'GET /api/department/signals': async () => ({}),
    'GET /api/department/colleagues': async () => ({}),

    'GET /api/signals': async () => ({}),
    'GET /api/worklist': async () => ({}),
    'GET /api/signals/{id}': async () => ({ id: shared.consulted }),
    'POST /api/signals/{id}/reporter-identity': async () => ({ id: shared.registered, body: { reason: 'Terugkoppeling aan de melder tijdens vakantie.' } }),
    'POST /api/signals/{id}/register': async (_r, allowed) => ({ id: allowed ? await fresh.received() : shared.received }),
    'PATCH /api/signals/{id}/classification': async () => ({ id: shared.registered, body: { acuteDanger: false } }),
    'PUT /api/signals/{id}/meeting': async () => ({ id: shared.registered, body: { forMeeting: true, meetingNote: 'Bespreken' } }),
    'PUT /api/signals/{id}/legal-hold': async () => ({ id: shared.registered, body: { legalHold: false, reason: 'Geen lopende procedure.' } }),
    'POST /api/signals/{id}/enrichment-notes': async () => ({ id: shared.registered, body: { sourceSystem: 'BRP', finding: 'Niets bekend.' } }),
    'POST /api/signals/{id}/reporter-feedback': async () => ({ id: shared.registered, body: { impossible: false, givenOn: TODAY, text: 'Opgepakt.' } }),
    'POST /api/signals/{id}/close': async (_r, allowed) => ({ id: allowed ? await fresh.informed() : shared.informed, body: { outcome: 'no_grounds' } }),
    'POST /api/signals/{id}/reopen': async (_r, allowed) => ({ id: allowed ? await fresh.closed() : shared.closed, body: { reason: 'Nieuwe informatie.' } }),
    'GET /api/signals/{id}/referral-suggestions': async () => ({ id: shared.registered }),
    'GET /api/signals/{id}/access-log': async () => ({ id: shared.consulted }),
    'GET /api/signals/{id}/matches': async () => ({ id: shared.registered }),
    'POST /api/signals/{id}/links': async () => {
      const [mine] = await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from entities where signal_id = ${shared.registered} order by id limit 1`);
      const [other] = await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from entities where signal_id = ${shared.received} order by id limit 1`);
      return { id: shared.registered, body: { entityId: mine!.id, candidateId: other!.id, decision: 'rejected' } };
    },
    'POST /api/signals/{id}/entities': async () => ({ id: shared.registered, body: { kind: 'vehicle', plate: 'AB-123-C' } }),
    'GET /api/signals/{id}/linked': async () => ({ id: shared.registered }),
    'GET /api/signals/{id}/network': async () => ({ id: shared.registered }),
    'GET /api/signals/{id}/enrichment': async () => ({ id: shared.registered }),
    'GET /api/clusters': async () => ({}),
    'POST /api/signals/{id}/referrals': async () => ({ id: shared.registered, body: { partnerId: partners.om, referredOn: TODAY, channel: 'secure_email' } }),
    'POST /api/referrals/{id}/request-feedback': async (_r, allowed) => ({
      id: allowed ? (await fresh.referralTo('moviera')).referralId : shared.referral,
      body: { requestedOn: TODAY },
    }),
    'POST /api/referrals/{id}/feedback': async (role, allowed) => ({
      // The meldcode officer records advice on a consultation; the coordinator records a partner's feedback.
      id: allowed ? (await fresh.referralTo(role === 'meldcode_officer' ? 'meldcode' : 'moviera')).referralId : shared.referral,
      body: { receivedOn: TODAY, text: 'Terugkoppeling ontvangen.' },
    }),
    'POST /api/referrals/{id}/close': async (_r, allowed) => ({ id: allowed ? (await fresh.referralTo('moviera')).referralId : shared.referral, body: {} }),

    'POST /api/access-requests/search': async () => ({ body: { email: 'jan@voorbeeld.nl' } }),
    'POST /api/access-requests/export': async () => ({ body: { personIds: [shared.person], format: 'json' } }),

    'GET /api/consultations': async () => ({}),
    'GET /api/stats/yearly': async () => ({}),
    'GET /api/stats/dashboard': async () => ({}),
    'GET /api/stats/dashboard/export': async () => ({}),
    'GET /api/stats/signals/export': async () => ({}),
    'GET /api/reference': async () => ({}),
    'GET /api/directory': async () => ({}),
    'GET /api/directory/my-liaison': async () => ({}),

    'GET /api/admin/users': async () => ({}),
    'POST /api/admin/users': async () => ({ body: { username: unique('nieuw'), displayName: 'Nieuwe Medewerker', role: 'reporter' } }),
    'PATCH /api/admin/users/{id}': async () => ({ id: shared.user, body: { displayName: 'Andere Naam' } }),
    'POST /api/admin/users/{id}/reset-password': async () => ({ id: shared.user }),
    'GET /api/admin/departments': async () => ({}),
    'POST /api/admin/departments': async () => ({ body: { code: unique('afd'), name: 'Nieuwe afdeling' } }),
    'PATCH /api/admin/departments/{id}': async () => ({ id: shared.department, body: { name: 'Hernoemde afdeling' } }),
    'GET /api/admin/partners': async () => ({}),
    'POST /api/admin/partners': async () => ({ body: { code: unique('partner'), name: 'Nieuwe partner' } }),
    'PATCH /api/admin/partners/{id}': async () => ({ id: shared.partner, body: { name: 'Hernoemde partner' } }),
    'GET /api/admin/routing-rules': async () => ({}),
    'POST /api/admin/routing-rules': async () => ({ body: { name: unique('regel'), condition: { type: 'acute' }, partnerId: shared.partner, urgency: 'immediate' } }),
    'PATCH /api/admin/routing-rules/{id}': async () => ({ id: shared.rule, body: { name: 'Hernoemde regel' } }),
    'DELETE /api/admin/routing-rules/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.rule() : shared.rule }),
    'GET /api/admin/settings': async () => ({}),
    'PATCH /api/admin/settings': async () => ({ body: { feedbackDueDays: shared.feedbackDueDays } }),
    'GET /api/admin/meeting-structures': async () => ({}),
    'POST /api/admin/meeting-structures': async () => ({ body: { code: unique('overleg'), name: 'Nieuw overleg', level: 'local', kind: 'operational', partnerIds: [shared.partner] } }),
    'PATCH /api/admin/meeting-structures/{id}': async () => ({ id: shared.meeting, body: { frequency: 'Maandelijks' } }),
    'GET /api/admin/liaisons': async () => ({}),
    'POST /api/admin/liaisons': async (_r, allowed) => ({ body: { departmentId: allowed ? await fresh.department() : shared.department, availability: 'ma–do' } }),
    'PATCH /api/admin/liaisons/{id}': async () => ({ id: shared.liaison, body: { availability: 'ma–vr, 9–17' } }),
    'DELETE /api/admin/liaisons/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.liaison() : shared.liaison }),
    'PUT /api/admin/liaison-network': async () => ({ body: { meetingStructureId: shared.meeting, note: 'Eerste dinsdag van de maand.' } }),
    'GET /api/admin/registers': async () => ({}),
    // A CSV body (text/csv) and a register kind in the path: a client that sends both (a dry run, the default).
    'POST /api/admin/registers/{kind}/import': async (role) => {
      const client = clients[role];
      const csv = 'nummeraanduiding_id;openbareruimte;huisnummer;postcode;woonplaats\n0331200000000001;Dorpsstraat;1;3411AB;Lopik';
      return {
        client: {
          ...client,
          request: (o) => client.request({ ...o, url: String(o.url).replace('{kind}', 'bag'), payload: csv, headers: { ...(o.headers ?? {}), 'content-type': 'text/csv' } }),
        },
      };
    },

    'GET /api/plan/activities': async () => ({}),
    'POST /api/plan/activities': async () => ({ body: { periodStart: 2025, title: 'Nieuwe activiteit', ambition: 1, pillar: 'signalling', owner: 'OOV' } }),
    'PATCH /api/plan/activities/{id}': async () => ({ id: shared.activity, body: { owner: 'Team OOV' } }),
    'DELETE /api/plan/activities/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.activity() : shared.activity }),
    // The period is in the path: a client that fills it in.
    'POST /api/plan/periods/{periodStart}/carry-over': async (role) => {
      const client = clients[role];
      return { client: { ...client, request: (o) => client.request({ ...o, url: String(o.url).replace('{periodStart}', '2025') }) }, body: {} };
    },
    'GET /api/training/sessions': async () => ({}),
    'POST /api/training/sessions': async () => ({ body: { heldOn: TODAY, provider: 'CoMensha', topic: 'Signalen', participation: [{ departmentId: ctx.departmentIds.civiel, participants: 4 }] } }),
    'PATCH /api/training/sessions/{id}': async () => ({ id: shared.session, body: { topic: 'Ander onderwerp' } }),
    'DELETE /api/training/sessions/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.session() : shared.session }),
    'GET /api/training/reach': async () => ({}),
    'GET /api/interventions': async () => ({}),
    'POST /api/interventions': async () => ({ body: { kind: 'bibob', decidedOn: TODAY, legalBasis: 'Wet Bibob', signalNumbers: [] } }),
    'PATCH /api/interventions/{id}': async () => ({ id: shared.intervention, body: { legalBasis: 'Art. 174 Gemeentewet' } }),
    'DELETE /api/interventions/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.intervention() : shared.intervention }),
    'GET /api/interventions/counts': async () => ({}),
    'GET /api/evaluation/conclusions': async () => ({}),
    'PUT /api/evaluation/conclusions': async () => ({ body: { periodStart: 2025, conclusions: 'Conclusie van de matrix.', recommendations: null } }),
    // The period is in the query string: a client that adds it.
    'GET /api/evaluation/report': async (role) => {
      const client = clients[role];
      return { client: { ...client, request: (o) => client.request({ ...o, url: `${String(o.url)}?from=2025&format=docx` }) } };
    },
    'GET /api/indicators': async () => ({}),
    'GET /api/indicators/maintenance': async () => ({}),
    'POST /api/indicators': async () => ({ body: { group: 'work', forms: ['labour'], text: 'Matrixindicator.' } }),
    'PATCH /api/indicators/{id}': async () => ({ id: shared.indicator, body: { text: 'Andere tekst.' } }),
    'DELETE /api/indicators/{id}': async (_r, allowed) => ({
      id: allowed
        ? (expectStatus(await clients.coordinator.post('/api/indicators', { group: 'money', forms: ['labour'], text: 'Te verwijderen.' }), 201, 'indicator').json().id as string)
        : shared.indicator,
    }),
    'PUT /api/indicators/order': async () => ({ body: { ids: [shared.indicator] } }),
    'GET /api/signals/{id}/indicators': async () => ({ id: shared.registered }),
    'PUT /api/signals/{id}/indicators': async () => ({ id: shared.registered, body: { indicatorIds: [shared.indicator] } }),
    'GET /api/stats/indicators': async () => ({}),
    'GET /api/stats/context-series': async () => ({}),
    'POST /api/stats/context-series': async () => ({ body: { name: unique('Nieuwe reeks'), source: 'CoMensha', unit: 'slachtoffers', points: [{ year: 2021, value: 791 }] } }),
    'PATCH /api/stats/context-series/{id}': async () => ({ id: shared.contextSeries, body: { unit: 'meldingen' } }),
    'DELETE /api/stats/context-series/{id}': async (_r, allowed) => ({ id: allowed ? await fresh.contextSeries() : shared.contextSeries }),
    'PUT /api/stats/context-series/{id}/points': async () => ({ id: shared.contextSeries, body: { points: [{ year: 2022, value: 154 }] } }),
    'GET /api/notifications': async () => ({}),
    'POST /api/notifications/{id}/read': async (role) => ({ id: shared.notification[role] }),
    'POST /api/notifications/read-all': async () => ({}),
    'GET /api/admin/email-outbox': async () => ({}),
    'POST /api/admin/email-outbox/{id}/retry': async () => ({ id: shared.email }),
    // The year is in the path too: a client that fills it in (a fresh series with a value for 2020 when allowed).
    'DELETE /api/stats/context-series/{id}/points/{year}': async (role, allowed) => {
      const client = clients[role];
      return {
        id: allowed ? await fresh.contextSeries() : shared.contextSeries,
        client: { ...client, request: (o) => client.request({ ...o, url: String(o.url).replace('{year}', '2020') }) },
      };
    },
    'GET /api/calendar/feed': async () => ({}),
    'POST /api/calendar/feed': async () => ({ body: {} }),
    'DELETE /api/calendar/feed': async () => ({}),
    // A fresh feed of the role's user; the anonymous caller fetches it with the secret alone.
    'GET /api/calendar/{token}.ics': async (role) => {
      const { path } = expectStatus(await clients[role].post('/api/calendar/feed', {}), 201, 'calendar feed').json() as { path: string };
      return { token: path.slice('/api/calendar/'.length, -'.ics'.length) };
    },
    'GET /api/meetings': async () => ({}),
    'GET /api/meeting-series/people': async () => ({}),
    'POST /api/meeting-series': async () => ({
      body: { name: unique('Overleg'), cadence: 'monthly', firstDate: TODAY, startTime: '09:30', durationMinutes: 60, participantUserIds: [], guests: [] },
    }),
    'PATCH /api/meeting-series/{id}': async () => ({ id: shared.meetingSeries, body: { location: 'Kamer 3' } }),
    'POST /api/meeting-series/{id}/meetings': async () => ({
      id: shared.meetingSeries,
      body: { date: new Date(Date.UTC(2027, 0, 1 + ++meetingDay)).toISOString().slice(0, 10) },
    }),
    'GET /api/meetings/{id}': async () => ({ id: shared.agenda }),
    'PATCH /api/meetings/{id}': async () => ({ id: shared.agenda, body: { location: 'Kamer 4' } }),
    'POST /api/meetings/{id}/cancel': async (_r, allowed) => ({ id: allowed ? await fresh.meeting(false) : shared.agenda }),
    'GET /api/meetings/{id}/candidates': async () => ({ id: shared.agenda }),
    'POST /api/meetings/{id}/items': async () => ({ id: shared.agenda, body: { title: 'Matrixpunt' } }),
    'PATCH /api/meetings/{id}/items/{itemId}': async (role) => ({ id: shared.agenda, client: withItem(role, shared.agendaItem), body: { summary: 'Samenvatting' } }),
    'DELETE /api/meetings/{id}/items/{itemId}': async (role, allowed) => ({
      id: shared.agenda,
      client: withItem(role, allowed ? await fresh.agendaItem(shared.agenda) : shared.agendaItem),
    }),
    'PUT /api/meetings/{id}/items/order': async () => ({ id: shared.agenda, body: { ids: [shared.agendaItem] } }),
    'POST /api/meetings/{id}/publish': async (_r, allowed) => ({ id: allowed ? await fresh.meeting(false) : shared.agenda }),
    'PUT /api/meetings/{id}/items/{itemId}/minutes': async (role) => ({ id: shared.agenda, client: withItem(role, shared.agendaItem), body: { minutes: 'Besproken.' } }),
    'POST /api/meetings/{id}/items/{itemId}/actions': async (role) => ({
      id: shared.agenda,
      client: withItem(role, shared.agendaItem),
      body: { description: 'Matrixactie', ownerId: clients.coordinator.userId, dueDate: '2027-03-01' },
    }),
    'POST /api/meetings/{id}/finalise': async (_r, allowed) => ({ id: allowed ? await fresh.meeting(true) : shared.agenda }),
    'GET /api/meetings/{id}/pdf': async () => ({ id: shared.agenda }),
    'GET /api/meeting-actions/mine': async () => ({}),
    // Every role owns an action item of its own to mark done.
    'PATCH /api/meeting-actions/{id}': async (role, allowed) => {
      // Refused (only ever anonymously: every role may call it): no action is created.
      if (!allowed) return { id: shared.agendaItem, body: { status: 'done' } };
      const view = expectStatus(
        await clients.coordinator.post(`/api/meetings/${shared.agenda}/items/${shared.agendaItem}/actions`, { description: unique('Actie'), ownerId: clients[role].userId, dueDate: '2027-03-01' }),
        201,
        'action',
      ).json() as { items: { id: string; actions: { id: string; ownerId: string; status: string }[] }[] };
      const action = view.items.find((i) => i.id === shared.agendaItem)!.actions.find((a) => a.ownerId === clients[role].userId && a.status === 'open')!;
      return { id: action.id, body: { status: 'done' } };
    },
  };

  async function call(route: RouteKey, client: Client, req: Request) {
    const [method, template] = route.split(' ') as [string, string];
    if (template.includes('{id}') && !req.id) throw new Error(`${route}: no id`);
    const url = template.replace('{id}', req.id ?? '').replace('{token}', req.token ?? '');
    const withBody = method !== 'GET' && method !== 'DELETE';
    return (req.client ?? client).request({ method: method as 'GET', url, ...(withBody ? { payload: (req.body ?? {}) as object } : {}) });
  }

  /** A digest of every data table: equal digests mean nothing was written. */
  async function digest(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of DATA_TABLES) {
      const [row] = await queryRows<{ d: string }>(ctx.database, sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d from ${table} t`));
      out[table] = row!.d;
    }
    return out;
  }

  const allowedRoles = (route: RouteKey): readonly Role[] => {
    const entry: Entry = MATRIX[route];
    return 'public' in entry ? ROLES : entry;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const role of ROLES) clients[role] = await ctx.login(USER_OF_ROLE[role]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);

    shared.received = await fresh.received();
    shared.registered = await fresh.registered();
    shared.informed = await fresh.informed();
    shared.closed = await fresh.closed();
    ({ signalId: shared.consulted, referralId: shared.consultation } = await fresh.referralTo('meldcode'));
    shared.referral = (await fresh.referralTo('moviera')).referralId;
    shared.person = expectStatus(await clients.coordinator.get(`/api/signals/${shared.registered}`), 200).json().content.persons[0].id;
    shared.own = {
      reporter: (await submitSignal(clients.reporter)).id,
      liaison: (await submitSignal(clients.liaison)).id,
      coordinator: (await submitSignal(clients.coordinator)).id,
      deputy_coordinator: (await submitSignal(clients.deputy_coordinator)).id,
    };
    shared.user = await addUser(ctx, { username: unique('doel'), displayName: 'Doel Gebruiker', role: 'reporter', department: 'civiel' });
    shared.department = expectStatus(await clients.admin.post('/api/admin/departments', { code: unique('afd'), name: 'Matrixafdeling' }), 201).json().id;
    shared.partner = expectStatus(await clients.admin.post('/api/admin/partners', { code: unique('partner'), name: 'Matrixpartner' }), 201).json().id;
    shared.rule = await fresh.rule();
    shared.meeting = expectStatus(await clients.admin.post('/api/admin/meeting-structures', { code: unique('overleg'), name: 'Matrixoverleg', level: 'local', kind: 'policy' }), 201).json().id;
    shared.liaison = await fresh.liaison();
    shared.feedbackDueDays = expectStatus(await clients.admin.get('/api/admin/settings'), 200).json().feedbackDueDays;
    shared.activity = await fresh.activity();
    shared.session = await fresh.session();
    shared.intervention = await fresh.intervention();
    shared.indicator = expectStatus(await clients.coordinator.post('/api/indicators', { group: 'work', forms: ['sexual', 'labour'], text: 'Matrix.' }), 201).json().id;
    shared.contextSeries = await fresh.contextSeries();
    // Issue 6.5: a notification for every role's user (an agenda published, e-mailed at once: an outbox row).
    await ctx.database.db.transaction((tx) =>
      notifyUsers(tx, ctx.vault, ctx.clock, {
        municipalityId: ctx.municipality.id,
        userIds: ROLES.map((r) => ctx.userIds[USER_OF_ROLE[r]]),
        kind: 'agenda_published',
        reference: TODAY,
        link: '/overleggen/00000000-0000-4000-8000-000000000001',
        dedupeKey: 'agenda_published:matrix',
        email: 'now',
      }),
    );
    const notificationRows = await queryRows<{ id: string; user_id: string }>(
      ctx.database,
      sql`select id::text as id, user_id::text as user_id from notifications where dedupe_key = 'agenda_published:matrix'`,
    );
    shared.notification = Object.fromEntries(ROLES.map((r) => [r, notificationRows.find((n) => n.user_id === ctx.userIds[USER_OF_ROLE[r]])!.id])) as Record<Role, string>;
    shared.email = (await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from email_outbox where kind = 'agenda_published' limit 1`))[0]!.id;
    shared.meetingSeries = expectStatus(
      await clients.coordinator.post('/api/meeting-series', {
        name: 'Matrixoverleg', cadence: 'ad_hoc', firstDate: TODAY, startTime: '10:00', durationMinutes: 60, participantUserIds: ROLES.map((r) => clients[r].userId), guests: [],
      }),
      201,
      'meeting series',
    ).json().id;
    shared.agenda = await fresh.meeting(true);
    shared.agendaItem = await fresh.agendaItem(shared.agenda);
  });
  afterAll(async () => ctx.close());

  it('has an entry for every documented route, and no entry without a route', async () => {
    const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThanOrEqual(40);
    const missing = documented.filter((r) => !(r in MATRIX));
    expect(missing, 'documented routes without an entry in MATRIX (authorization-matrix.test.ts): add who may call them').toEqual([]);
    const stale = ROUTES.filter((r) => !documented.includes(r));
    expect(stale, 'MATRIX entries for routes that do not exist').toEqual([]);
    expect(Object.keys(REQUESTS).sort()).toEqual([...ROUTES].sort());
  });

  it('keeps the need-to-know lines of domain.md in the table itself', () => {
    // Signal content (detail, lists, worklist) is for the coordinator, and consulted signals for the meldcode officer.
    for (const route of ROUTES.filter((r) => /^GET \/api\/(signals|worklist)/.test(r))) {
      for (const role of allowedRoles(route)) expect(['coordinator', 'deputy_coordinator', 'meldcode_officer'], `${route} ${role}`).toContain(role);
    }
    // Who reported a signal: the coordinator sees it; the deputy only asks for it (with a reason); the access log names the reporter.
    expect(allowedRoles('POST /api/signals/{id}/reporter-identity')).toEqual(['deputy_coordinator']);
    expect(allowedRoles('GET /api/signals/{id}/access-log')).toEqual(['coordinator']);
    // An access request reads every signal a person occurs in, and exports it.
    expect(allowedRoles('POST /api/access-requests/search')).toEqual(['coordinator']);
    expect(allowedRoles('POST /api/access-requests/export')).toEqual(['coordinator']);
    // The admin and the analyst reach no signal route at all.
    for (const route of ROUTES.filter((r) => /\/api\/(signals|my|department|referrals|consultations|worklist)/.test(r))) {
      expect(allowedRoles(route), route).not.toContain('admin');
      expect(allowedRoles(route), route).not.toContain('analyst');
    }
  });

  it.each(ROUTES)('%s', async (route) => {
    const allowed = allowedRoles(route);
    const denied = ROLES.filter((r) => !allowed.includes(r));

    // Refused first, on shared fixtures: 403, and nothing written.
    const before = await digest();
    for (const role of denied) {
      const res = await call(route, clients[role], await REQUESTS[route](role, false));
      expect(res.statusCode, `${route} as ${role} must be refused: ${res.body}`).toBe(403);
      expect(res.json(), `${route} as ${role}`).toMatchObject({ statusCode: 403, code: 'forbidden' });
    }
    expect(await digest(), `${route}: a refused request changed data`).toEqual(before);

    const entry: Entry = MATRIX[route];
    // The single sign-on routes answer a browser with a redirect.
    const redirects = 'public' in entry && entry.anonymous === 302;
    for (const role of allowed) {
      const res = await call(route, clients[role], await REQUESTS[route](role, true));
      expect(res.statusCode, `${route} as ${role} must be allowed: ${res.body}`).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, `${route} as ${role} must be allowed: ${res.body}`).toBeLessThan(redirects ? 400 : 300);
    }
  });

  it('answers 401 to an anonymous caller on every route that is not public, changing nothing', async () => {
    const before = await digest();
    const protectedRoutes = ROUTES.filter((r) => !('public' in MATRIX[r]));
    expect(protectedRoutes.length).toBe(ROUTES.length - 8);
    for (const route of protectedRoutes) {
      const req = await REQUESTS[route](allowedRoles(route)[0]!, false);
      const res = await call(route, ctx.anonymous(), { ...req, client: undefined });
      expect(res.statusCode, `${route} anonymous: ${res.body}`).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    }
    expect(await digest()).toEqual(before);
  });

  it('answers an anonymous caller on the public routes as the table says', async () => {
    for (const route of ROUTES) {
      const entry: Entry = MATRIX[route];
      if (!('public' in entry)) continue;
      const req = await REQUESTS[route]('reporter', true);
      const res = await call(route, ctx.anonymous(), { ...req, client: undefined });
      expect(res.statusCode, `${route} anonymous: ${res.body}`).toBe(entry.anonymous);
    }
  });

  describe('404 where the design hides that an object exists', () => {
    let other: { signal: string; user: string; department: string; partner: string; rule: string; meeting: string; liaison: string };
    let othersSignal: string;
    let colleagueSignal: string;
    let draftMeeting: string;
    let othersAction: string;
    let othersMeeting: string;

    beforeAll(async () => {
      draftMeeting = await fresh.meeting(false);
      const view = expectStatus(
        await clients.coordinator.post(`/api/meetings/${shared.agenda}/items/${shared.agendaItem}/actions`, { description: 'Van een ander', ownerId: clients.analyst.userId, dueDate: '2027-03-01' }),
        201,
      ).json() as { items: { actions: { id: string; ownerId: string }[] }[] };
      othersAction = view.items.flatMap((i) => i.actions).filter((a) => a.ownerId === clients.analyst.userId).at(-1)!.id;
      othersSignal = (await submitSignal(await ctx.login('reporter2'))).id;
      colleagueSignal = (await submitSignal(await ctx.login('colleague'))).id;
      const elders = await ctx.otherMunicipality();
      const eldersCoordinator = await loginWith(ctx, elders.coordinatorUsername);
      const eldersSeries = expectStatus(
        await eldersCoordinator.post('/api/meeting-series', { name: 'Elders', cadence: 'ad_hoc', firstDate: TODAY, startTime: '10:00', durationMinutes: 60, participantUserIds: [], guests: [] }),
        201,
      ).json().id as string;
      othersMeeting = expectStatus(await eldersCoordinator.post(`/api/meeting-series/${eldersSeries}/meetings`, { date: TODAY }), 201).json().id;
      const m = elders.municipality.id;
      const [user] = await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.municipalityId, m));
      const [department] = await ctx.database.db.select({ id: departments.id }).from(departments).where(and(eq(departments.municipalityId, m)));
      other = {
        signal: (await submitSignal(eldersCoordinator)).id,
        user: user!.id,
        department: department!.id,
        partner: (await partnerIds(ctx.database, m)).moviera!,
        rule: Object.values(await routingRuleIds(ctx.database, m))[0]!,
        // The other municipality's seeded directory: a meeting structure and a liaison row.
        meeting: (await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from meeting_structures where municipality_id = ${m} limit 1`))[0]!.id,
        liaison: (await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from department_liaisons where municipality_id = ${m} limit 1`))[0]!.id,
      };
    });

    it.each(HIDDEN_OBJECTS)('$route as $role on $object → 404 ($why)', async ({ route, role, object }) => {
      const id = (
        {
          'a signal of another reporter': othersSignal,
          'a signal of a colleague in the same department, not submitted by the liaison': colleagueSignal,
          'a signal the coordinator did not report': othersSignal,
          'a signal not put before the meldcode officer': shared.registered,
          'a referral to an outside partner': shared.referral,
          "another municipality's signal": other.signal,
          "another municipality's user": other.user,
          "another municipality's department": other.department,
          "another municipality's partner": other.partner,
          "another municipality's routing rule": other.rule,
          "another municipality's meeting structure": other.meeting,
          "another municipality's liaison": other.liaison,
          // Issue 6.5: the analyst's notification, asked for by the reporter and the coordinator.
          "another user's notification": shared.notification.analyst,
          'a meeting of their series whose agenda is not published': draftMeeting,
          "another municipality's meeting": othersMeeting,
          "another user's action item": othersAction,
        } as Record<string, string>
      )[object]!;
      // The same request with an object the role may see is allowed (see the matrix); only the object differs.
      expect(allowedRoles(route)).toContain(role);
      const req = await REQUESTS[route](role, false);
      const before = await digest();
      const res = await call(route, clients[role], { ...req, id });
      expect(res.statusCode, `${route} as ${role}: ${res.body}`).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
      expect(await digest()).toEqual(before);
    });
  });
});
