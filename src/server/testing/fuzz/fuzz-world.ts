import { eq, sql } from 'drizzle-orm';
import { ROLES, type Role } from '../../../shared/domain.js';
import { municipalities, users } from '../../db/schema/index.js';
import { notifyUsers } from '../../modules/notifications/notify.js';
import { addUser, expectStatus, partnerIds, registeredSignal, submitSignal } from '../helpers.js';
import { loginWith, TEST_PASSWORD, TEST_USERS, USER_OF_ROLE, type Client, type TestContext } from '../test-app.js';
import { queryRows } from '../test-database.js';

/**
 * The data the API fuzzer works on: a logged-in client per role, and objects of every
 * kind in the test municipality and in a second one ("Elders"), found by id pools that
 * are read from the database (so that objects the fuzzer itself creates are used too).
 */

/** An account whose password the fuzzer knows, to log in with and to lock out (never one of the clients). */
export const VICTIM = { username: 'fuzz-slachtoffer', password: TEST_PASSWORD };

/** Id pools: a kind of object → ids in the test municipality ("own") and in the other one. */
export type IdPools = Record<string, { own: string[]; other: string[] }>;

/** The table (and municipality column) behind each kind of id. */
const POOL_QUERY = `
  select 'signals' as k, id::text as id, municipality_id::text as m from signals
  union all select 'referrals', id::text, municipality_id::text from referrals
  union all select 'users', id::text, municipality_id::text from users
  union all select 'departments', id::text, municipality_id::text from departments
  union all select 'partners', id::text, municipality_id::text from partners
  union all select 'routing_rules', id::text, municipality_id::text from routing_rules
  union all select 'meeting_structures', id::text, municipality_id::text from meeting_structures
  union all select 'department_liaisons', id::text, municipality_id::text from department_liaisons
  union all select 'plan_activities', id::text, municipality_id::text from plan_activities
  union all select 'training_sessions', id::text, municipality_id::text from training_sessions
  union all select 'interventions', id::text, municipality_id::text from interventions
  union all select 'context_series', id::text, municipality_id::text from context_series
  union all select 'indicators', id::text, municipality_id::text from indicators
  union all select 'notifications', id::text, municipality_id::text from notifications
  union all select 'email_outbox', id::text, municipality_id::text from email_outbox
  union all select 'meeting_series', id::text, municipality_id::text from meeting_series
  union all select 'meetings', id::text, municipality_id::text from meetings
  union all select 'meeting_actions', id::text, municipality_id::text from meeting_actions
  union all select 'entities', id::text, municipality_id::text from entities
  union all select 'meeting_items', i.id::text, m.municipality_id::text from meeting_items i join meetings m on m.id = i.meeting_id
  union all select 'signal_persons', p.id::text, s.municipality_id::text from signal_persons p join signals s on s.id = p.signal_id
  order by 1, 3, 2`;

export interface FuzzWorld {
  ctx: TestContext;
  clients: Record<Role, Client>;
  anonymous: Client;
  pools: IdPools;
  /** The clients' own user ids: never a target of the admin's user routes (that would end the fuzzer's sessions). */
  clientUserIds: Set<string>;
  /** A valid calendar feed secret of the reporter (issue 6.6). */
  calendarToken: string;
  refreshPools(): Promise<void>;
  /** Put a role's account back as it was and log in again (after a request ended or blocked its session). */
  heal(role: Role): Promise<void>;
}

const TODAY = '2026-11-28';

/** Objects of every kind the API works on, created through the API as the municipality's coordinator would. */
async function populate(coordinator: Client, departmentId: string, tag: string): Promise<void> {
  const ok = expectStatus;
  const signal = (await submitSignal(coordinator)).id;
  ok(await coordinator.post(`/api/signals/${signal}/register`), 204, `${tag}: register`);
  const partners = (await coordinator.get('/api/reference')).json() as { partners: { id: string; code: string }[] };
  const moviera = partners.partners.find((p) => p.code === 'moviera')!.id;
  ok(await coordinator.post(`/api/signals/${signal}/referrals`, { partnerId: moviera, referredOn: TODAY, channel: 'phone' }), 201, `${tag}: referral`);
  ok(await coordinator.post('/api/plan/activities', { periodStart: 2025, title: 'Fuzzactiviteit', ambition: 2, pillar: 'cooperation', owner: 'OOV' }), 201, `${tag}: activity`);
  ok(await coordinator.post('/api/training/sessions', { heldOn: TODAY, provider: 'RIEC', topic: 'Fuzz', participation: [{ departmentId, participants: 2 }] }), 201, `${tag}: training`);
  ok(await coordinator.post('/api/interventions', { kind: 'other', decidedOn: TODAY, legalBasis: 'APV' }), 201, `${tag}: intervention`);
  ok(await coordinator.post('/api/indicators', { group: 'work', forms: ['sexual', 'labour'], text: `Fuzz ${tag}.` }), 201, `${tag}: indicator`);
  ok(await coordinator.post('/api/stats/context-series', { name: `Fuzzreeks ${tag}`, source: 'Fuzz', unit: 'aanmeldingen', points: [{ year: 2020, value: 66 }] }), 201, `${tag}: series`);
  const series = ok(
    await coordinator.post('/api/meeting-series', { name: `Fuzzoverleg ${tag}`, cadence: 'ad_hoc', firstDate: TODAY, startTime: '10:00', durationMinutes: 60, participantUserIds: [], guests: [] }),
    201,
    `${tag}: series`,
  ).json().id as string;
  // A draft meeting and a published one with an action item.
  for (const date of ['2027-01-04', '2027-01-05']) {
    const meeting = ok(await coordinator.post(`/api/meeting-series/${series}/meetings`, { date }), 201, `${tag}: meeting`).json().id as string;
    const items = ok(await coordinator.post(`/api/meetings/${meeting}/items`, { title: 'Fuzzpunt' }), 201, `${tag}: item`).json().items as { id: string }[];
    if (date === '2027-01-04') continue;
    ok(await coordinator.post(`/api/meetings/${meeting}/publish`), 200, `${tag}: publish`);
    ok(await coordinator.post(`/api/meetings/${meeting}/items/${items[0]!.id}/actions`, { description: 'Fuzzactie', ownerId: coordinator.userId, dueDate: '2027-03-01' }), 201, `${tag}: action`);
  }
}

export async function createFuzzWorld(ctx: TestContext): Promise<FuzzWorld> {
  const clients = {} as Record<Role, Client>;
  for (const role of ROLES) clients[role] = await ctx.login(USER_OF_ROLE[role]);
  const clientUserIds = new Set(Object.values(clients).map((c) => c.userId));
  const [initialSettings] = await ctx.database.db.select({ settings: municipalities.settings }).from(municipalities).where(eq(municipalities.id, ctx.municipality.id));

  // The test municipality: signals in several states (also the reporter's own), a consultation, and the rest.
  const partners = await partnerIds(ctx.database, ctx.municipality.id);
  await submitSignal(clients.reporter);
  const registered = await registeredSignal(clients.reporter, clients.coordinator);
  expectStatus(await clients.coordinator.post(`/api/signals/${registered.id}/referrals`, { partnerId: partners.meldcode, referredOn: TODAY, channel: 'phone' }), 201, 'consultation');
  const closed = await registeredSignal(clients.liaison, clients.coordinator);
  expectStatus(await clients.coordinator.post(`/api/signals/${closed.id}/reporter-feedback`, { impossible: false, givenOn: TODAY, text: 'Dank.' }), 204, 'inform');
  expectStatus(await clients.coordinator.post(`/api/signals/${closed.id}/close`, { outcome: 'no_grounds' }), 204, 'close');
  await populate(clients.coordinator, ctx.departmentIds.civiel!, 'lopik');
  await addUser(ctx, { username: VICTIM.username, displayName: 'Fuzz Slachtoffer', role: 'reporter', department: 'civiel' });
  const feed = expectStatus(await clients.reporter.post('/api/calendar/feed'), 201, 'calendar feed').json() as { path: string };
  const calendarToken = /\/api\/calendar\/([^/]+)\.ics$/.exec(feed.path)![1]!;

  // The other municipality: the same kinds of objects, created by its own coordinator.
  const elders = await ctx.otherMunicipality();
  const eldersCoordinator = await loginWith(ctx, elders.coordinatorUsername);
  const [eldersDepartment] = await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from departments where municipality_id = ${elders.municipality.id} limit 1`);
  await populate(eldersCoordinator, eldersDepartment!.id, 'elders');

  // Notifications (and e-mails in the outbox) for every user of both municipalities.
  for (const municipalityId of [ctx.municipality.id, elders.municipality.id]) {
    const userIds = (await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.municipalityId, municipalityId))).map((u) => u.id);
    await ctx.database.db.transaction((tx) =>
      notifyUsers(tx, ctx.vault, ctx.clock, { municipalityId, userIds, kind: 'agenda_published', reference: TODAY, link: '/overleggen', dedupeKey: 'fuzz', email: 'now' }),
    );
  }

  const world: FuzzWorld = {
    ctx,
    clients,
    anonymous: ctx.anonymous(),
    pools: {},
    clientUserIds,
    calendarToken,
    async refreshPools() {
      const rows = await queryRows<{ k: string; id: string; m: string }>(ctx.database, sql.raw(POOL_QUERY));
      const pools: IdPools = {};
      for (const r of rows) {
        const pool = (pools[r.k] ??= { own: [], other: [] });
        (r.m === ctx.municipality.id ? pool.own : pool.other).push(r.id);
      }
      world.pools = pools;
    },
    async heal(role) {
      const user = TEST_USERS[USER_OF_ROLE[role]];
      await ctx.database.db
        .update(users)
        .set({
          active: true,
          role: user.role,
          departmentId: user.department ? ctx.departmentIds[user.department]! : null,
          mustChangePassword: false,
          failedLogins: 0,
          lockedUntil: null,
          totpEnabled: false,
          totpSecret: null,
        })
        .where(eq(users.id, clients[role].userId));
      // The admin may have made two-factor login mandatory for the other roles.
      await ctx.database.db.update(municipalities).set({ settings: initialSettings!.settings }).where(eq(municipalities.id, ctx.municipality.id));
      clients[role] = await ctx.login(USER_OF_ROLE[role]);
    },
  };
  await world.refreshPools();
  return world;
}
