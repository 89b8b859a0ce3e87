import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/domain.js';
import { VALIDATION_MESSAGES } from '../../../shared/validation.js';
import { addUser, auditEntries, auditSince, expectStatus, lastAuditId, partnerIds } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext } from '../../testing/test-app.js';

const NONE = '00000000-0000-4000-8000-000000000000';
type DirectoryPartner = { id: string; name: string; exploitationForms: string[]; organisationType: string | null; howToRefer: Record<string, string | null>; meetings: { id: string; name: string }[] };
type Liaison = { id: string; department: { id: string; name: string }; user: { id: string; displayName: string } | null; availability: string | null; awayUntil: string | null };

const DUTCH = new Set(Object.keys(VALIDATION_MESSAGES.nl));
/** A 400 whose field errors name `path` with a Dutch message. */
function expectFieldError(res: { statusCode: number; json(): unknown }, path: string, message?: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; fields: { path: string; key: string; message: string }[] };
  expect(body.code).toBe('validation');
  const field = body.fields.find((f) => f.path === path);
  expect(field, JSON.stringify(body.fields)).toBeDefined();
  expect(DUTCH.has(field!.key)).toBe(true);
  expect(field!.message).not.toMatch(/\b(Invalid|expected|received)\b/);
  if (message) expect(field!.message).toBe(message);
}

/** Issue 6.2 (partner directory) and 6.4 (liaison network), through the HTTP API. */
describe('partner directory and liaison network', () => {
  let ctx: TestContext;
  let admin: Client;
  let reporter: Client;
  let reporter2: Client;
  let coordinator: Client;
  let partners: Record<string, string>;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    ctx = await createTestContext();
    const byRole: Record<Role, keyof typeof TEST_USERS> = {
      reporter: 'reporter', liaison: 'liaison', coordinator: 'coordinator', deputy_coordinator: 'deputy', meldcode_officer: 'meldcode', analyst: 'analyst', admin: 'admin',
    };
    for (const role of ROLES) clients[role] = await ctx.login(byRole[role]);
    ({ admin, reporter, coordinator } = clients);
    reporter2 = await ctx.login('reporter2');
    partners = await partnerIds(ctx.database, ctx.municipality.id);
  }, 240_000);
  afterAll(async () => ctx.close());

  const search = async (client: Client, query = '') => expectStatus(await client.get(`/api/directory${query}`), 200, `directory${query}`).json() as { partners: DirectoryPartner[]; meetings: { name: string; partners: { name: string }[] }[] };

  describe('Waar kan ik terecht? (every role)', () => {
    it('is readable by every role, reporters included, with how to refer and the meetings each partner sits in', async () => {
      for (const role of ROLES) expect((await search(clients[role])).partners.length, role).toBe(22);
      const { partners: list, meetings } = await search(reporter);
      const riec = list.find((p) => p.name === 'RIEC Midden-Nederland')!;
      expect(riec.organisationType).toBe('expertise_centre');
      expect(riec.howToRefer).toMatchObject({ channel: 'secure_email', instructions: expect.stringContaining('RIEC-convenant') });
      expect(riec.meetings.map((m) => m.name)).toEqual(
        expect.arrayContaining(['Lokaal ondermijningsoverleg', 'Zachte signalentafel mensenhandel RIEC (pilot)', 'Regiegroep mensenhandel Midden-Nederland', 'Zorgnetwerk mensenhandel provincie Utrecht']),
      );
      expect(meetings).toHaveLength(11);
    });

    it('searches by text in name, description and instructions, and filters by exploitation form and organisation type', async () => {
      const names = async (q: string) => (await search(reporter, q)).partners.map((p) => p.name);
      expect(await names('?q=arbeidsinspectie')).toEqual(['Nederlandse Arbeidsinspectie (NLA)']);
      // Description text: Belle's "18+", Pretty Woman's "23 jaar".
      expect(await names('?q=23%20jaar')).toEqual(['Pretty Woman']);
      const sexual = await names('?form=sexual');
      expect(sexual).toEqual(expect.arrayContaining(['Belle', 'Pretty Woman', 'Politie – AVIM', 'GGD']));
      expect(sexual).not.toContain('Nederlandse Arbeidsinspectie (NLA)');
      expect(sexual).not.toContain('FNV');
      const labour = await names('?form=labour');
      expect(labour).toEqual(expect.arrayContaining(['Nederlandse Arbeidsinspectie (NLA)', 'FairWork', 'FNV', 'Woningbouwverenigingen']));
      expect(labour).not.toContain('Belle');
      expect(await names('?form=labour&type=victim_support')).toEqual(['FairWork']);
      expect(await names('?q=belle&form=labour')).toEqual([]);
      // % and _ are literal characters, not wildcards.
      expect(await names('?q=%25')).toEqual([]);
    });

    it('refuses bad search input with Dutch field messages', async () => {
      expectFieldError(await reporter.get('/api/directory?form=slavernij'), 'querystring.form');
      expectFieldError(await reporter.get('/api/directory?type=bank'), 'querystring.type');
      expectFieldError(await reporter.get(`/api/directory?q=${'x'.repeat(101)}`), 'querystring.q');
      expect((await ctx.anonymous().get('/api/directory')).statusCode).toBe(401);
    });

    it('holds no personal data: no user names or e-mail addresses, even with liaisons assigned', async () => {
      const created = expectStatus(await admin.post('/api/admin/liaisons', { departmentId: ctx.departmentIds['sociaal-domein'], userId: ctx.userIds.liaison }), 201).json() as Liaison;
      const body = JSON.stringify(await search(reporter));
      for (const u of Object.values(TEST_USERS)) {
        expect(body).not.toContain(u.displayName);
        expect(body).not.toContain(u.email);
      }
      expectStatus(await admin.delete(`/api/admin/liaisons/${created.id}`), 204);
    });

    it('shows only active partners and active meetings', async () => {
      expectStatus(await admin.patch(`/api/admin/partners/${partners.fnv}`, { active: false }), 200);
      const meetings = expectStatus(await admin.get('/api/admin/meeting-structures'), 200).json() as { id: string; code: string }[];
      const taskforce = meetings.find((m) => m.code === 'taskforce-goc')!;
      expectStatus(await admin.patch(`/api/admin/meeting-structures/${taskforce.id}`, { active: false }), 200);
      const after = await search(reporter);
      expect(after.partners.map((p) => p.name)).not.toContain('FNV');
      expect(after.meetings.map((m) => m.name)).not.toContain('Taskforce GOC');
      expectStatus(await admin.patch(`/api/admin/partners/${partners.fnv}`, { active: true }), 200);
      expectStatus(await admin.patch(`/api/admin/meeting-structures/${taskforce.id}`, { active: true }), 200);
    });
  });

  describe('partners (admin): the directory fields', () => {
    it('saves type, opening hours, secure mail and instructions; the referral form and the directory show them', async () => {
      const before = await lastAuditId(ctx.database);
      const res = expectStatus(
        await admin.patch(`/api/admin/partners/${partners.nla}`, {
          organisationType: 'inspection',
          openingHours: 'ma–vr 8.30–17.00 uur',
          secureEmail: 'meldingen@inspectie.example',
          contact: 'Meldpunt arbeidsuitbuiting, 0800 000 0000',
          referralInstructions: 'Melden via het beveiligde meldformulier.',
        }),
        200,
      ).json();
      expect(res).toMatchObject({ openingHours: 'ma–vr 8.30–17.00 uur', secureEmail: 'meldingen@inspectie.example' });
      // The referral form reads the partners from the reference data.
      const reference = expectStatus(await coordinator.get('/api/reference'), 200).json() as { partners: { id: string; openingHours: string | null; secureEmail: string | null; referralInstructions: string | null }[] };
      expect(reference.partners.find((p) => p.id === partners.nla)).toMatchObject({ openingHours: 'ma–vr 8.30–17.00 uur', secureEmail: 'meldingen@inspectie.example', referralInstructions: 'Melden via het beveiligde meldformulier.' });
      const nla = (await search(reporter, '?q=arbeidsinspectie')).partners[0]!;
      expect(nla.howToRefer).toEqual({
        channel: 'secure_email',
        contact: 'Meldpunt arbeidsuitbuiting, 0800 000 0000',
        openingHours: 'ma–vr 8.30–17.00 uur',
        secureEmail: 'meldingen@inspectie.example',
        instructions: 'Melden via het beveiligde meldformulier.',
      });
      const audit = await auditSince(ctx.database, before);
      expect(audit.map((a) => [a.action, a.objectId, a.result])).toEqual([['partner.update', partners.nla, 'ok']]);
      expect(JSON.stringify(audit)).not.toContain('inspectie.example');
      // An empty text clears the field.
      expect(expectStatus(await admin.patch(`/api/admin/partners/${partners.nla}`, { openingHours: '', secureEmail: '' }), 200).json()).toMatchObject({ openingHours: null, secureEmail: null });
    });

    it('creates a partner with the directory fields', async () => {
      const created = expectStatus(
        await admin.post('/api/admin/partners', { code: 'fier', name: 'Fier', organisationType: 'victim_support', exploitationForms: ['sexual'], openingHours: '24/7', secureEmail: 'zorg@fier.example' }),
        201,
      ).json();
      expect(created).toMatchObject({ organisationType: 'victim_support', openingHours: '24/7', secureEmail: 'zorg@fier.example', referralInstructions: null });
      expect((await search(reporter, '?q=fier')).partners.map((p) => p.name)).toEqual(['Fier']);
    });

    it('refuses a bad secure mail address, type or oversized opening hours with Dutch field messages, changing nothing', async () => {
      expectFieldError(await admin.patch(`/api/admin/partners/${partners.om}`, { secureEmail: 'geen adres' }), 'secureEmail', VALIDATION_MESSAGES.nl['v.email']);
      expectFieldError(await admin.patch(`/api/admin/partners/${partners.om}`, { organisationType: 'bank' }), 'organisationType');
      expectFieldError(await admin.patch(`/api/admin/partners/${partners.om}`, { openingHours: 'x'.repeat(201) }), 'openingHours');
      expectFieldError(await admin.post('/api/admin/partners', { code: 'x-y', name: 'X', secureEmail: 'x@' }), 'secureEmail');
      const om = (await search(reporter, '?q=openbaar')).partners[0]!;
      expect(om.organisationType).toBe('public_prosecution');
      expect(om.howToRefer.secureEmail).toBeNull();
    });
  });

  describe('meeting structures (admin)', () => {
    it('creates and updates a meeting with its partners; the partners show it in the directory; audited', async () => {
      const before = await lastAuditId(ctx.database);
      const created = expectStatus(
        await admin.post('/api/admin/meeting-structures', {
          code: 'casusoverleg-lopik',
          name: 'Casusoverleg Lopik',
          level: 'local',
          kind: 'operational',
          purpose: 'Casuïstiek bespreken.',
          chair: 'Aandachtsfunctionaris mensenhandel',
          frequency: 'Elk kwartaal',
          partnerIds: [partners.belle, partners.moviera],
        }),
        201,
      ).json();
      expect(created).toMatchObject({ name: 'Casusoverleg Lopik', chair: 'Aandachtsfunctionaris mensenhandel', partners: [{ name: 'Belle' }, { name: 'Moviera – zorgcoördinator mensenhandel' }] });
      const belle = (await search(reporter, '?q=belle')).partners[0]!;
      expect(belle.meetings.map((m) => m.name)).toContain('Casusoverleg Lopik');

      const updated = expectStatus(await admin.patch(`/api/admin/meeting-structures/${created.id}`, { partnerIds: [partners.ggd], frequency: '' }), 200).json();
      expect(updated).toMatchObject({ frequency: null, partners: [{ name: 'GGD' }], chair: 'Aandachtsfunctionaris mensenhandel' });
      expect((await search(reporter, '?q=belle')).partners[0]!.meetings.map((m) => m.name)).not.toContain('Casusoverleg Lopik');
      expect((await auditSince(ctx.database, before)).map((a) => [a.action, a.result])).toEqual([
        ['meeting_structure.create', 'ok'],
        ['meeting_structure.update', 'ok'],
      ]);
    });

    it('refuses unknown or foreign partners, a taken code, a bad level, and another municipality\'s meeting', async () => {
      expectFieldError(await admin.post('/api/admin/meeting-structures', { code: 'x-overleg', name: 'X', level: 'local', kind: 'policy', partnerIds: [NONE] }), 'partnerIds', 'Kies ketenpartners uit de lijst.');
      expectFieldError(await admin.post('/api/admin/meeting-structures', { code: 'taskforce-goc', name: 'Dubbel', level: 'local', kind: 'policy' }), 'code', 'Deze code is al in gebruik.');
      expectFieldError(await admin.post('/api/admin/meeting-structures', { code: 'y-overleg', name: 'Y', level: 'provinciaal', kind: 'policy' }), 'level');
      expectFieldError(await admin.post('/api/admin/meeting-structures', { code: 'y-overleg', name: '', level: 'local', kind: 'policy' }), 'name');
      expect((await admin.patch(`/api/admin/meeting-structures/${NONE}`, { name: 'X' })).statusCode).toBe(404);

      const { municipality: other } = await ctx.otherMunicipality();
      const otherPartner = (await partnerIds(ctx.database, other.id)).belle!;
      expectFieldError(await admin.post('/api/admin/meeting-structures', { code: 'z-overleg', name: 'Z', level: 'local', kind: 'policy', partnerIds: [otherPartner] }), 'partnerIds');
      const elders = await loginWith(ctx, 'elders-coordinator');
      expect((await elders.get('/api/directory')).statusCode).toBe(200);
      const [foreign] = (await search(elders)).meetings as unknown as { id: string }[];
      expect((await admin.patch(`/api/admin/meeting-structures/${foreign!.id}`, { name: 'Overgenomen' })).statusCode).toBe(404);
    });

    it('refuses other roles, and audits the refusal', async () => {
      for (const role of ROLES.filter((r) => r !== 'admin')) {
        expect((await clients[role].post('/api/admin/meeting-structures', { code: `r-${role}`.replace(/_/g, '-'), name: 'R', level: 'local', kind: 'policy' })).statusCode, role).toBe(403);
        expect((await clients[role].get('/api/admin/liaisons')).statusCode, role).toBe(403);
      }
      const denied = await auditEntries(ctx.database, { action: 'meeting_structure.create', actorId: ctx.userIds.reporter });
      expect(denied.map((a) => a.result)).toEqual(['denied']);
    });
  });

  describe('liaison network', () => {
    const liaisons = async () => expectStatus(await admin.get('/api/admin/liaisons'), 200).json() as { liaisons: Liaison[]; network: { meeting: { name: string } | null; note: string | null } };
    const mine = async (client: Client) => expectStatus(await client.get('/api/directory/my-liaison'), 200).json();

    it('starts with the plan\'s liaison departments, nobody assigned, and the monthly trafficking meeting', async () => {
      const { liaisons: list, network } = await liaisons();
      expect(list.map((l) => l.department.name).sort()).toEqual(['Algemene Juridische Zaken (AJZ)', 'Burgerzaken / Dienstverlening', 'Civiel', 'Openbare Orde en Veiligheid (OOV)']);
      expect(list.every((l) => l.user === null)).toBe(true);
      expect(network.meeting).toMatchObject({ name: 'Mensenhandeloverleg gemeente Lopik', frequency: 'Minimaal 1 keer per maand' });
      // Without an assigned liaison the reporter sees none, but does see the department.
      expect(await mine(reporter)).toMatchObject({ department: { name: 'Burgerzaken / Dienstverlening' }, liaisons: [] });
    });

    it('the admin assigns a liaison; a reporter of that department sees name and availability, others do not', async () => {
      const row = (await liaisons()).liaisons.find((l) => l.department.id === ctx.departmentIds.dienstverlening)!;
      const before = await lastAuditId(ctx.database);
      const saved = expectStatus(await admin.patch(`/api/admin/liaisons/${row.id}`, { userId: ctx.userIds.liaison, availability: 'ma–do, 9–17' }), 200).json();
      expect(saved).toMatchObject({ user: { displayName: 'Lisa Liaison' }, availability: 'ma–do, 9–17', awayUntil: null });
      expect(await mine(reporter)).toMatchObject({
        department: { name: 'Burgerzaken / Dienstverlening' },
        liaisons: [{ displayName: 'Lisa Liaison', availability: 'ma–do, 9–17', awayUntil: null, away: false }],
        network: { meeting: { name: 'Mensenhandeloverleg gemeente Lopik' } },
      });
      expect((await mine(reporter2)).liaisons).toEqual([]);
      expect(await mine(clients.analyst)).toMatchObject({ department: null, liaisons: [] });
      const audit = await auditSince(ctx.database, before);
      expect(audit.map((a) => [a.action, a.objectId, a.result])).toEqual([['liaison.update', row.id, 'ok']]);
      expect(JSON.stringify(audit)).not.toContain('Lisa');

      // Away until a day in the future (the test clock: 2026-11-28), then in the past.
      expectStatus(await admin.patch(`/api/admin/liaisons/${row.id}`, { awayUntil: '2026-12-05' }), 200);
      expect((await mine(reporter)).liaisons[0]).toMatchObject({ awayUntil: '2026-12-05', away: true });
      expectStatus(await admin.patch(`/api/admin/liaisons/${row.id}`, { awayUntil: '2026-11-27' }), 200);
      expect((await mine(reporter)).liaisons[0]).toMatchObject({ away: false });
    });

    it('a deactivated liaison is not shown to reporters', async () => {
      const username = 'tijdelijk-liaison';
      const userId = await addUser(ctx, { username, displayName: 'Tijdelijke Taakaccenthouder', role: 'liaison', department: 'civiel' });
      const civiel = (await liaisons()).liaisons.find((l) => l.department.id === ctx.departmentIds.civiel)!;
      expectStatus(await admin.patch(`/api/admin/liaisons/${civiel.id}`, { userId }), 200);
      const civielReporter = await (async () => {
        await addUser(ctx, { username: 'civiel-melder', displayName: 'Civiel Melder', role: 'reporter', department: 'civiel' });
        return loginWith(ctx, 'civiel-melder');
      })();
      expect((await mine(civielReporter)).liaisons.map((l: { displayName: string }) => l.displayName)).toEqual(['Tijdelijke Taakaccenthouder']);
      expectStatus(await admin.patch(`/api/admin/users/${userId}`, { active: false }), 200);
      expect((await mine(civielReporter)).liaisons).toEqual([]);
    });

    it('adds and removes a second liaison of a department', async () => {
      const created = expectStatus(await admin.post('/api/admin/liaisons', { departmentId: ctx.departmentIds.dienstverlening, userId: ctx.userIds.deputy, availability: 'vrijdag' }), 201).json() as Liaison;
      expect((await mine(reporter)).liaisons.map((l: { displayName: string }) => l.displayName)).toEqual(['Dirk Deputy', 'Lisa Liaison']);
      expectStatus(await admin.delete(`/api/admin/liaisons/${created.id}`), 204);
      expect((await mine(reporter)).liaisons.map((l: { displayName: string }) => l.displayName)).toEqual(['Lisa Liaison']);
      expect((await admin.delete(`/api/admin/liaisons/${created.id}`)).statusCode).toBe(404);
    });

    it('refuses a user without a liaison role, an unknown user or department, a duplicate and a bad date — in Dutch', async () => {
      const dienstverlening = ctx.departmentIds.dienstverlening!;
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: dienstverlening, userId: ctx.userIds.reporter }), 'userId', 'Kies een medewerker met de rol taakaccenthouder of (plaatsvervangend) aandachtsfunctionaris.');
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: dienstverlening, userId: NONE }), 'userId', 'Kies een actieve medewerker uit de lijst.');
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: NONE }), 'departmentId', 'Kies een afdeling uit de lijst.');
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: dienstverlening, userId: ctx.userIds.liaison }), 'userId', 'Deze medewerker is al taakaccenthouder van deze afdeling.');
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: dienstverlening, awayUntil: '31-12-2026' }), 'awayUntil', VALIDATION_MESSAGES.nl['v.date']);
      expectFieldError(await admin.post('/api/admin/liaisons', { departmentId: dienstverlening, availability: 'x'.repeat(201) }), 'availability');
      expect((await admin.patch(`/api/admin/liaisons/${NONE}`, { availability: 'ma' })).statusCode).toBe(404);
    });

    it('sets the monthly meeting of the network (a meeting structure and/or a description)', async () => {
      const meetings = expectStatus(await admin.get('/api/admin/meeting-structures'), 200).json() as { id: string; code: string }[];
      const local = meetings.find((m) => m.code === 'lokaal-ondermijningsoverleg')!;
      expect(expectStatus(await admin.put('/api/admin/liaison-network', { meetingStructureId: local.id, note: 'Eerste dinsdag van de maand, 10.00 uur.' }), 200).json()).toMatchObject({
        meeting: { name: 'Lokaal ondermijningsoverleg' },
        note: 'Eerste dinsdag van de maand, 10.00 uur.',
      });
      expect((await mine(reporter)).network).toMatchObject({ meeting: { name: 'Lokaal ondermijningsoverleg' }, note: 'Eerste dinsdag van de maand, 10.00 uur.' });
      expectFieldError(await admin.put('/api/admin/liaison-network', { meetingStructureId: NONE, note: null }), 'meetingStructureId', 'Kies een overleg uit de lijst.');
      expect(expectStatus(await admin.put('/api/admin/liaison-network', { meetingStructureId: null, note: 'Maandelijks, datum volgt.' }), 200).json()).toEqual({ meeting: null, note: 'Maandelijks, datum volgt.' });
      expect((await clients.coordinator.put('/api/admin/liaison-network', { meetingStructureId: null, note: null })).statusCode).toBe(403);
    });
  });
});
