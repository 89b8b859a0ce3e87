import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSince, expectStatus, lastAuditId, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { addMonths, reachWindowStart } from './policy.service.js';

const activity = (overrides: Record<string, unknown> = {}) => ({
  periodStart: 2025,
  title: 'Training signaleren voor de publieksbalie',
  ambition: 1,
  pillar: 'signalling',
  owner: 'Team OOV',
  startOn: '2025-02-01',
  dueOn: '2025-12-31',
  ...overrides,
});

describe('policy (issue 5 points 5–7)', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let deputy: Client;
  let analyst: Client;
  let reporter: Client;
  let admin: Client;
  /** The coordinator of another municipality. */
  let other: Client;

  beforeAll(async () => {
    ctx = await createTestContext();
    [coordinator, deputy, analyst, reporter, admin] = await Promise.all([
      ctx.login('coordinator'),
      ctx.login('deputy'),
      ctx.login('analyst'),
      ctx.login('reporter'),
      ctx.login('admin'),
    ]);
    other = await loginWith(ctx, (await ctx.otherMunicipality()).coordinatorUsername);
  });
  afterAll(async () => ctx.close());

  describe('dates (pure)', () => {
    it('shifts by months, clamping the day, and the two-year window ends on asOf', () => {
      expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
      expect(addMonths('2026-03-15', -12)).toBe('2025-03-15');
      expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
      expect(reachWindowStart('2026-11-28')).toBe('2024-11-29');
    });
  });

  describe('implementation plan', () => {
    it('creates, lists with groups per ambition and pillar, updates and deletes an activity', async () => {
      const created = expectStatus(await coordinator.post('/api/plan/activities', activity()), 201).json();
      expect(created).toMatchObject({ periodStart: 2025, ambition: 1, pillar: 'signalling', status: 'planned', notes: null, result: null, carriedFromId: null, carriedOver: false });
      const second = expectStatus(await deputy.post('/api/plan/activities', activity({ title: 'Convenant RIEC', ambition: 2, pillar: 'cooperation', status: 'started' })), 201).json();

      const overview = expectStatus(await analyst.get('/api/plan/activities?period=2025'), 200).json();
      expect(overview.period).toBe(2025);
      expect(overview.periods).toContain(2025);
      expect(overview.activities.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([created.id, second.id]));
      expect(overview.byAmbition).toHaveLength(5);
      expect(overview.byAmbition.find((g: { ambition: number }) => g.ambition === 1)).toMatchObject({ planned: 1, total: 1 });
      expect(overview.byAmbition.find((g: { ambition: number }) => g.ambition === 2)).toMatchObject({ started: 1, total: 1 });
      expect(overview.byPillar.find((g: { pillar: string }) => g.pillar === 'cooperation')).toMatchObject({ started: 1, total: 1 });
      expect(overview.byPillar.find((g: { pillar: string }) => g.pillar === 'care')).toMatchObject({ total: 0 });

      const updated = expectStatus(await coordinator.patch(`/api/plan/activities/${created.id}`, { status: 'started', notes: 'Eerste sessie gepland' }), 200).json();
      expect(updated).toMatchObject({ status: 'started', notes: 'Eerste sessie gepland', title: activity().title });
      // Any status may follow any other.
      expectStatus(await coordinator.patch(`/api/plan/activities/${created.id}`, { status: 'planned' }), 200);
      expectStatus(await coordinator.patch(`/api/plan/activities/${created.id}`, { status: 'dropped' }), 200);

      expectStatus(await coordinator.delete(`/api/plan/activities/${second.id}`), 204);
      expectStatus(await coordinator.delete(`/api/plan/activities/${second.id}`), 404);
      expectStatus(await coordinator.delete(`/api/plan/activities/${created.id}`), 204);
    });

    it('needs a result for done, and a due date not before the start (Dutch field errors)', async () => {
      let res = await coordinator.post('/api/plan/activities', activity({ status: 'done' }));
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toContainEqual({ path: 'result', key: 'v.result_required', message: 'Vul het resultaat in: een afgeronde activiteit heeft een resultaat.' });

      res = await coordinator.post('/api/plan/activities', activity({ startOn: '2025-06-01', dueOn: '2025-05-01' }));
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toContainEqual(expect.objectContaining({ path: 'dueOn', key: 'v.date_order' }));

      res = await coordinator.post('/api/plan/activities', { ...activity(), ambition: 6, pillar: 'elders', title: '' });
      expect(res.statusCode).toBe(400);
      const paths = res.json().fields.map((f: { path: string }) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['ambition', 'pillar', 'title']));

      const a = expectStatus(await coordinator.post('/api/plan/activities', activity()), 201).json();
      res = await coordinator.patch(`/api/plan/activities/${a.id}`, { status: 'done' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0]).toMatchObject({ path: 'result', key: 'v.result_required' });
      const done = expectStatus(await coordinator.patch(`/api/plan/activities/${a.id}`, { status: 'done', result: '40 medewerkers getraind' }), 200).json();
      expect(done).toMatchObject({ status: 'done', result: '40 medewerkers getraind' });
      // The result stays required while done.
      res = await coordinator.patch(`/api/plan/activities/${a.id}`, { result: null });
      expect(res.statusCode).toBe(400);
      expectStatus(await coordinator.delete(`/api/plan/activities/${a.id}`), 204);
    });

    it('carries over only the open activities, once', async () => {
      const period = 2027;
      const mk = async (title: string, status: string, extra: Record<string, unknown> = {}) =>
        expectStatus(await coordinator.post('/api/plan/activities', activity({ periodStart: period, title, status, ...extra })), 201).json().id as string;
      const planned = await mk('Gepland', 'planned');
      const started = await mk('Gestart', 'started');
      await mk('Afgerond', 'done', { result: 'Gedaan' });
      await mk('Vervallen', 'dropped');

      const first = expectStatus(await coordinator.post(`/api/plan/periods/${period}/carry-over`, {}), 200).json();
      expect(first).toEqual({ from: 2027, to: 2029, created: 2, alreadyCarried: 0 });
      const again = expectStatus(await deputy.post(`/api/plan/periods/${period}/carry-over`, {}), 200).json();
      expect(again).toEqual({ from: 2027, to: 2029, created: 0, alreadyCarried: 2 });

      const next = expectStatus(await coordinator.get('/api/plan/activities?period=2029'), 200).json();
      expect(next.activities).toHaveLength(2);
      expect(next.activities.map((a: { carriedFromId: string }) => a.carriedFromId).sort()).toEqual([planned, started].sort());
      expect(next.activities.find((a: { carriedFromId: string }) => a.carriedFromId === started).status).toBe('started');
      const before = expectStatus(await coordinator.get(`/api/plan/activities?period=${period}`), 200).json();
      const flags = Object.fromEntries(before.activities.map((a: { title: string; carriedOver: boolean }) => [a.title, a.carriedOver]));
      expect(flags).toEqual({ Gepland: true, Gestart: true, Afgerond: false, Vervallen: false });

      // A period without open activities: nothing to do.
      expect(expectStatus(await coordinator.post('/api/plan/periods/2041/carry-over', {}), 200).json()).toMatchObject({ created: 0, alreadyCarried: 0 });
      expectStatus(await coordinator.post('/api/plan/periods/twee/carry-over', {}), 400);
    });

    it('keeps municipalities apart', async () => {
      const a = expectStatus(await coordinator.post('/api/plan/activities', activity({ periodStart: 2031 })), 201).json();
      expect(expectStatus(await other.get('/api/plan/activities?period=2031'), 200).json().activities).toEqual([]);
      expectStatus(await other.patch(`/api/plan/activities/${a.id}`, { title: 'Overgenomen' }), 404);
      expectStatus(await other.delete(`/api/plan/activities/${a.id}`), 404);
      expect(expectStatus(await other.post('/api/plan/periods/2031/carry-over', {}), 200).json().created).toBe(0);
    });
  });

  describe('training and reach', () => {
    it('registers, changes and deletes a session with participation per department', async () => {
      const d = ctx.departmentIds;
      let res = await coordinator.post('/api/training/sessions', {
        heldOn: '2026-03-10',
        provider: 'CoMensha',
        topic: 'Signalen van arbeidsuitbuiting',
        exploitationForms: ['labour'],
        participation: [{ departmentId: d.dienstverlening, participants: 12 }, { departmentId: d['sociaal-domein'], participants: 5 }],
      });
      const session = expectStatus(res, 201).json();
      expect(session).toMatchObject({ provider: 'CoMensha', totalParticipants: 17, exploitationForms: ['labour'] });
      expect(session.participation).toHaveLength(2);

      const changed = expectStatus(await deputy.patch(`/api/training/sessions/${session.id}`, { participation: [{ departmentId: d.dienstverlening, participants: 10 }] }), 200).json();
      expect(changed).toMatchObject({ totalParticipants: 10, topic: 'Signalen van arbeidsuitbuiting' });

      // Another municipality's department, a duplicate department, no participants: field errors.
      const [foreign] = await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from departments where municipality_id <> ${ctx.municipality.id} limit 1`);
      res = await coordinator.post('/api/training/sessions', { heldOn: '2026-03-10', provider: 'RIEC', topic: 'x', participation: [{ departmentId: foreign!.id, participants: 3 }] });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0]).toMatchObject({ path: 'participation.0.departmentId', key: 'v.id' });
      res = await coordinator.post('/api/training/sessions', {
        heldOn: '2026-03-10', provider: 'RIEC', topic: 'x',
        participation: [{ departmentId: d.civiel, participants: 3 }, { departmentId: d.civiel, participants: 0 }],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields.map((f: { path: string; key: string }) => `${f.path} ${f.key}`)).toEqual(
        expect.arrayContaining(['participation.1.participants v.number_min']),
      );
      res = await coordinator.post('/api/training/sessions', { heldOn: '2026-03-10', provider: 'RIEC', topic: 'x', participation: [] });
      expect(res.json().fields[0]).toMatchObject({ path: 'participation', key: 'v.too_few' });

      expect(expectStatus(await analyst.get('/api/training/sessions'), 200).json().map((s: { id: string }) => s.id)).toContain(session.id);
      expectStatus(await coordinator.delete(`/api/training/sessions/${session.id}`), 204);
      expect(expectStatus(await coordinator.get('/api/training/sessions'), 200).json().map((s: { id: string }) => s.id)).not.toContain(session.id);
    });

    it('computes reach in the last two years and signals 12 months before and after the first session', async () => {
      const d = ctx.departmentIds;
      const session = async (heldOn: string, departmentId: string, participants: number) =>
        expectStatus(await coordinator.post('/api/training/sessions', { heldOn, provider: 'RIEC', topic: 'Ondermijning', participation: [{ departmentId, participants }] }), 201).json().id as string;
      // Burgerzaken (dienstverlening): an old session outside the window, and two inside.
      await session('2023-06-01', d.dienstverlening!, 50);
      await session('2025-01-15', d.dienstverlening!, 8);
      await session('2026-09-01', d.dienstverlening!, 4);
      // Signals of the department, dated around the first session in the window (2025-01-15).
      const at = async (receivedAt: string) => {
        const { id } = await submitSignal(reporter);
        await ctx.database.db.execute(sql`update signals set received_at = ${receivedAt}::timestamptz where id = ${id}`);
      };
      await at('2023-12-31T12:00:00Z'); // more than 12 months before: not counted
      await at('2024-02-01T12:00:00Z'); // before
      await at('2025-01-14T12:00:00Z'); // before (the day before)
      await at('2025-01-15T08:00:00Z'); // after (the day itself)
      await at('2025-06-01T12:00:00Z'); // after
      await at('2025-12-01T12:00:00Z'); // after
      await at('2026-02-01T12:00:00Z'); // more than 12 months after: not counted

      const reach = expectStatus(await coordinator.get('/api/training/reach?asOf=2026-11-28'), 200).json();
      expect(reach).toMatchObject({ asOf: '2026-11-28', windowStart: '2024-11-29' });
      const row = reach.departments.find((r: { departmentId: string }) => r.departmentId === d.dienstverlening);
      expect(row).toEqual({
        departmentId: d.dienstverlening,
        departmentName: expect.any(String),
        participants: 12,
        sessions: 2,
        firstSessionOn: '2025-01-15',
        lastSessionOn: '2026-09-01',
        signalsBefore: 2,
        signalsAfter: 3,
        afterComplete: true,
      });
      const untrained = reach.departments.find((r: { departmentId: string }) => r.departmentId === d.civiel);
      expect(untrained).toMatchObject({ participants: 0, sessions: 0, firstSessionOn: null, signalsBefore: null, signalsAfter: null });

      // Earlier: the window holds only the 2023 session (2023-06-01), and its "after" period is not over.
      const earlier = expectStatus(await coordinator.get('/api/training/reach?asOf=2024-01-31'), 200).json();
      const old = earlier.departments.find((r: { departmentId: string }) => r.departmentId === d.dienstverlening);
      expect(old).toMatchObject({ participants: 50, sessions: 1, firstSessionOn: '2023-06-01', signalsAfter: 1, afterComplete: false });

      // The analyst sees signal counts below the threshold suppressed.
      const suppressed = expectStatus(await analyst.get('/api/training/reach?asOf=2026-11-28'), 200).json();
      expect(suppressed.threshold).toBe(5);
      expect(suppressed.departments.find((r: { departmentId: string }) => r.departmentId === d.dienstverlening)).toMatchObject({ participants: 12, signalsBefore: null, signalsAfter: null });

      expectStatus(await coordinator.get('/api/training/reach?asOf=gisteren'), 400);
    });
  });

  describe('interventions', () => {
    it('records an intervention with related signal numbers, notes and result encrypted at rest', async () => {
      const signal = await submitSignal(reporter);
      const created = expectStatus(
        await coordinator.post('/api/interventions', {
          kind: 'closure',
          decidedOn: '2026-10-01',
          legalBasis: 'Art. 13b Opiumwet',
          signalNumbers: [signal.number.toLowerCase()],
          result: 'Pand drie maanden gesloten',
          notes: 'Eigenaar Jan Jansen gehoord',
        }),
        201,
      ).json();
      expect(created).toMatchObject({ kind: 'closure', signals: [{ id: signal.id, number: signal.number }], result: 'Pand drie maanden gesloten', notes: 'Eigenaar Jan Jansen gehoord' });

      const [raw] = await queryRows<{ notes: string; result: string }>(ctx.database, sql`select notes, result from interventions where id = ${created.id}`);
      expect(raw!.notes.startsWith('mr1:')).toBe(true);
      expect(raw!.result.startsWith('mr1:')).toBe(true);
      expect(raw!.notes).not.toContain('Jansen');

      const list = expectStatus(await deputy.get('/api/interventions'), 200).json();
      expect(list.find((i: { id: string }) => i.id === created.id)).toMatchObject({ notes: 'Eigenaar Jan Jansen gehoord' });

      const updated = expectStatus(await coordinator.patch(`/api/interventions/${created.id}`, { notes: null, result: 'Pand heropend', signalNumbers: [] }), 200).json();
      expect(updated).toMatchObject({ notes: null, result: 'Pand heropend', signals: [] });
      const [raw2] = await queryRows<{ notes: string | null; result: string }>(ctx.database, sql`select notes, result from interventions where id = ${created.id}`);
      expect(raw2!.notes).toBeNull();
      expect(raw2!.result.startsWith('mr1:')).toBe(true);

      expectStatus(await coordinator.delete(`/api/interventions/${created.id}`), 204);
      expectStatus(await coordinator.patch(`/api/interventions/${created.id}`, { legalBasis: 'x' }), 404);
    });

    it('refuses unknown signal numbers and those of another municipality with a field error', async () => {
      const theirs = await submitSignal(other);
      const mine = await submitSignal(reporter);
      const res = await coordinator.post('/api/interventions', {
        kind: 'bibob',
        decidedOn: '2026-10-01',
        legalBasis: 'Wet Bibob',
        signalNumbers: [mine.number, theirs.number === mine.number ? 'MH-2099-9999' : theirs.number, 'MH-2099-9999', 'geen nummer'],
      });
      expect(res.statusCode).toBe(400);
      // The malformed number is refused by the schema first.
      expect(res.json().fields).toEqual([{ path: 'signalNumbers.3', key: 'v.signal_number', message: 'Vul een signaalnummer in, bijvoorbeeld MH-2026-0001.' }]);
      const res2 = await coordinator.post('/api/interventions', { kind: 'bibob', decidedOn: '2026-10-01', legalBasis: 'Wet Bibob', signalNumbers: [mine.number, 'MH-2099-9999'] });
      expect(res2.statusCode).toBe(400);
      expect(res2.json().fields).toEqual([{ path: 'signalNumbers.1', key: 'v.signal_unknown', message: 'Er is geen signaal met dit nummer.' }]);
      // Signal numbers run per municipality: a number that exists only elsewhere is unknown here.
      const onlyThere = await queryRows<{ number: string }>(
        ctx.database,
        sql`select number from signals where municipality_id <> ${ctx.municipality.id} and number not in (select number from signals where municipality_id = ${ctx.municipality.id})`,
      );
      if (onlyThere[0]) {
        const res3 = await coordinator.post('/api/interventions', { kind: 'bibob', decidedOn: '2026-10-01', legalBasis: 'Wet Bibob', signalNumbers: [onlyThere[0].number] });
        expect(res3.statusCode).toBe(400);
        expect(res3.json().fields[0]).toMatchObject({ path: 'signalNumbers.0', key: 'v.signal_unknown' });
      }
      // And the other municipality's coordinator cannot link ours by id: theirs resolves in their own municipality.
      const r4 = await other.post('/api/interventions', { kind: 'other', decidedOn: '2026-10-01', legalBasis: 'APV', signalNumbers: [theirs.number] });
      expect(expectStatus(r4, 201).json().signals[0].id).toBe(theirs.id);
      expect(expectStatus(await coordinator.get('/api/interventions'), 200).json().map((i: { id: string }) => i.id)).not.toContain(r4.json().id);
    });

    it('counts interventions per kind in a period; the analyst gets counts only, suppressed below the threshold', async () => {
      const add = (kind: string, decidedOn: string) => coordinator.post('/api/interventions', { kind, decidedOn, legalBasis: 'Art. 174 Gemeentewet' }).then((r) => expectStatus(r, 201));
      for (let i = 0; i < 5; i++) await add('housing_inspection', '2025-03-01');
      await add('penalty', '2025-04-01');
      await add('penalty', '2024-12-31');
      const counts = expectStatus(await coordinator.get('/api/interventions/counts?from=2025-01-01&to=2025-12-31'), 200).json();
      expect(counts.byKind).toHaveLength(7);
      expect(counts.byKind.find((k: { kind: string }) => k.kind === 'housing_inspection').count).toBe(5);
      expect(counts.byKind.find((k: { kind: string }) => k.kind === 'penalty').count).toBe(1);
      expect(counts.total).toBe(6);
      const forAnalyst = expectStatus(await analyst.get('/api/interventions/counts?from=2025-01-01&to=2025-12-31'), 200).json();
      // The 1 is hidden, and with it the 5: otherwise the total 6 minus 5 would give it away (complementary suppression).
      expect(forAnalyst.byKind.find((k: { kind: string }) => k.kind === 'penalty').count).toBeNull();
      expect(forAnalyst.byKind.find((k: { kind: string }) => k.kind === 'housing_inspection').count).toBeNull();
      expect(forAnalyst.total).toBe(6);
      expect(forAnalyst.byKind.filter((k: { count: number | null }) => k.count !== null).every((k: { count: number }) => k.count === 0)).toBe(true);
      expectStatus(await coordinator.get('/api/interventions/counts?from=2025-12-31&to=2025-01-01'), 400);
      // The analyst asks for whole calendar years only: overlapping periods could be subtracted (2025-01-01..03-31 vs ..03-30).
      for (const q of ['from=2025-01-01&to=2025-03-31', 'from=2025-02-01&to=2025-12-31', 'from=2025-01-01&to=2026-12-31']) {
        const res = await analyst.get(`/api/interventions/counts?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().fields[0]).toMatchObject({ path: 'querystring.from', key: 'v.invalid' });
      }
      expect(expectStatus(await analyst.get('/api/interventions/counts?from=2025-01-01'), 200).json()).toMatchObject({ from: '2025-01-01', to: '2025-12-31', total: 6 });
      expect(expectStatus(await analyst.get('/api/interventions/counts'), 200).json()).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
      expect(expectStatus(await coordinator.get('/api/interventions/counts'), 200).json()).toMatchObject({ from: '2026-01-01', to: '2026-11-28' });
    });
  });

  describe('permissions and audit', () => {
    it('lets only the coordinator and deputy write, the analyst read, and nobody else in', async () => {
      const body = activity({ periodStart: 2033 });
      for (const client of [analyst, reporter, admin]) {
        expectStatus(await client.post('/api/plan/activities', body), 403);
        expectStatus(await client.post('/api/training/sessions', { heldOn: '2026-01-01', provider: 'RIEC', topic: 'x', participation: [{ departmentId: ctx.departmentIds.civiel, participants: 1 }] }), 403);
        expectStatus(await client.post('/api/interventions', { kind: 'other', decidedOn: '2026-01-01', legalBasis: 'x' }), 403);
        expectStatus(await client.post('/api/plan/periods/2033/carry-over', {}), 403);
        // Intervention details (notes, related signals) are for the coordinator and deputy only.
        expectStatus(await client.get('/api/interventions'), 403);
      }
      for (const client of [reporter, admin]) {
        for (const url of ['/api/plan/activities', '/api/training/sessions', '/api/training/reach', '/api/interventions/counts']) expectStatus(await client.get(url), 403);
      }
      for (const url of ['/api/plan/activities', '/api/training/sessions', '/api/training/reach', '/api/interventions/counts']) expectStatus(await analyst.get(url), 200);
    });

    it('audits every change with ids and codes, never free text', async () => {
      const since = await lastAuditId(ctx.database);
      const secret = 'Vertrouwelijke notitie over Piet Pietersen';
      const a = expectStatus(await coordinator.post('/api/plan/activities', activity({ periodStart: 2035, notes: secret })), 201).json();
      expectStatus(await coordinator.patch(`/api/plan/activities/${a.id}`, { status: 'done', result: secret }), 200);
      expectStatus(await coordinator.post('/api/plan/periods/2035/carry-over', {}), 200);
      expectStatus(await coordinator.delete(`/api/plan/activities/${a.id}`), 204);
      const s = expectStatus(await coordinator.post('/api/training/sessions', { heldOn: '2026-01-01', provider: 'RIEC', topic: secret, notes: secret, participation: [{ departmentId: ctx.departmentIds.civiel, participants: 3 }] }), 201).json();
      expectStatus(await coordinator.patch(`/api/training/sessions/${s.id}`, { topic: 'Ander onderwerp' }), 200);
      expectStatus(await coordinator.delete(`/api/training/sessions/${s.id}`), 204);
      const i = expectStatus(await coordinator.post('/api/interventions', { kind: 'bibob', decidedOn: '2026-01-01', legalBasis: secret, notes: secret, result: secret }), 201).json();
      expectStatus(await coordinator.patch(`/api/interventions/${i.id}`, { notes: secret }), 200);
      expectStatus(await coordinator.delete(`/api/interventions/${i.id}`), 204);
      expectStatus(await analyst.post('/api/interventions', { kind: 'bibob', decidedOn: '2026-01-01', legalBasis: secret }), 403);

      const entries = await auditSince(ctx.database, since);
      const actions = entries.map((e) => `${e.action}:${e.result}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'plan.activity_create:ok',
          'plan.activity_update:ok',
          'plan.carry_over:ok',
          'plan.activity_delete:ok',
          'training.session_create:ok',
          'training.session_update:ok',
          'training.session_delete:ok',
          'intervention.create:ok',
          'intervention.update:ok',
          'intervention.delete:ok',
          'intervention.create:denied',
        ]),
      );
      expect(entries.find((e) => e.action === 'plan.activity_create')!.objectId).toBe(a.id);
      expect(entries.find((e) => e.action === 'plan.activity_update')!.details).toMatchObject({ from: 'planned', to: 'done' });
      expect(entries.find((e) => e.action === 'intervention.create')!.objectId).toBe(i.id);
      const dump = JSON.stringify(entries);
      expect(dump).not.toContain('Pietersen');
      expect(dump).not.toContain('Vertrouwelijke');
    });
  });
});
