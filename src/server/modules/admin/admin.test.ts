import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../shared/api/admin.js';
import { departments, partners as partnersTable, routingRules, users } from '../../db/schema/index.js';
import { auditEntries, countRows, expectStatus, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_PASSWORD, type Client, type TestContext } from '../../testing/test-app.js';

const NONE = '00000000-0000-4000-8000-000000000000';

/** Functioneel beheer: users, departments, partners, routing rules, settings — and no signal content. */
describe('admin', () => {
  let ctx: TestContext;
  let admin: Client;
  let coordinator: Client;
  let reporter: Client;
  let partners: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext();
    [admin, coordinator, reporter] = await Promise.all([ctx.login('admin'), ctx.login('coordinator'), ctx.login('reporter')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
  });
  afterAll(async () => ctx.close());

  const login = (username: string, password: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  describe('users', () => {
    it('creates a user with a chosen password, or with a temporary one shown once', async () => {
      const res = expectStatus(
        await admin.post('/api/admin/users', { username: 'bob.boa', displayName: 'Bob Boa', email: 'bob@lopik.test', role: 'reporter', departmentId: ctx.departmentIds['toezicht-handhaving'], password: 'een lang wachtwoord' }),
        201,
      ).json();
      expect(res).toMatchObject({
        temporaryPassword: null,
        user: { username: 'bob.boa', displayName: 'Bob Boa', email: 'bob@lopik.test', role: 'reporter', departmentName: 'Toezicht en Handhaving', active: true, mustChangePassword: false },
      });
      expect((await login('bob.boa', 'een lang wachtwoord')).statusCode).toBe(200);

      const temp = expectStatus(await admin.post('/api/admin/users', { username: 'tina', displayName: 'Tina Temp', role: 'liaison', departmentId: ctx.departmentIds.civiel }), 201).json();
      expect(temp.temporaryPassword).toEqual(expect.any(String));
      expect(temp.user.mustChangePassword).toBe(true);
      expect((await login('tina', temp.temporaryPassword)).json().user.mustChangePassword).toBe(true);
      const [row] = await ctx.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, temp.user.id));
      expect(row!.hash).toMatch(/^\$argon2id\$/);

      const audit = await auditEntries(ctx.database, { action: 'user.create', objectId: temp.user.id });
      expect(audit).toEqual([expect.objectContaining({ actorId: ctx.userIds.admin, result: 'ok' })]);
    });

    it('refuses a duplicate username (whatever the case), a bad username and an unknown department', async () => {
      const before = await countRows(ctx.database, 'users');
      const dup = await admin.post('/api/admin/users', { username: 'REPORTER', displayName: 'Dubbel', role: 'reporter' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().fields[0]).toMatchObject({ path: 'username', message: 'Deze gebruikersnaam is al in gebruik.' });
      const bad = await admin.post('/api/admin/users', { username: 'a b', displayName: 'X', role: 'reporter' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields[0]).toMatchObject({ path: 'username', key: 'v.username' });
      const role = await admin.post('/api/admin/users', { username: 'abc', displayName: 'X', role: 'superuser' });
      expect(role.statusCode).toBe(400);
      const dept = await admin.post('/api/admin/users', { username: 'abcd', displayName: 'X', role: 'reporter', departmentId: NONE });
      expect(dept.statusCode).toBe(400);
      expect(dept.json().fields[0].path).toBe('departmentId');
      const shortPassword = await admin.post('/api/admin/users', { username: 'abcde', displayName: 'X', role: 'reporter', password: 'kort' });
      expect(shortPassword.statusCode).toBe(400);
      expect(await countRows(ctx.database, 'users')).toBe(before);
    });

    it('lists the users of the municipality without password hashes', async () => {
      const list = expectStatus(await admin.get('/api/admin/users'), 200);
      const ids = list.json().map((u: { id: string }) => u.id);
      expect(ids).toEqual(expect.arrayContaining(Object.values(ctx.userIds)));
      expect(list.body).not.toContain('argon2');
      expect(list.body).not.toContain('passwordHash');
    });

    it('changes role and department; the user starts again from a fresh login with the new role', async () => {
      const created = expectStatus(await admin.post('/api/admin/users', { username: 'wisselaar', displayName: 'Wim Wissel', role: 'reporter', departmentId: ctx.departmentIds.civiel, password: 'een lang wachtwoord' }), 201).json();
      const before = await loginWith(ctx, 'wisselaar', 'een lang wachtwoord');
      expect((await before.get('/api/department/signals')).statusCode).toBe(403);
      const updated = expectStatus(
        await admin.patch(`/api/admin/users/${created.user.id}`, { role: 'liaison', departmentId: ctx.departmentIds.ajz, displayName: 'Wim Wisselaar', email: 'wim@lopik.test' }),
        200,
      ).json();
      expect(updated).toMatchObject({ role: 'liaison', departmentName: 'Algemene Juridische Zaken (AJZ)', displayName: 'Wim Wisselaar', email: 'wim@lopik.test' });
      expect((await before.get('/api/auth/session')).statusCode).toBe(401);
      const after = await loginWith(ctx, 'wisselaar', 'een lang wachtwoord');
      expect(expectStatus(await after.get('/api/auth/session'), 200).json().user).toMatchObject({ role: 'liaison', departmentName: 'Algemene Juridische Zaken (AJZ)' });
      expect((await after.get('/api/department/signals')).statusCode).toBe(200);
    });

    it('deactivates a user and resets a password (temporary, old one invalid, sessions ended)', async () => {
      const created = expectStatus(await admin.post('/api/admin/users', { username: 'vergeetachtig', displayName: 'Vera Vergeet', role: 'reporter', password: 'het oude wachtwoord' }), 201).json();
      const session = await loginWith(ctx, 'vergeetachtig', 'het oude wachtwoord');
      const reset = expectStatus(await admin.post(`/api/admin/users/${created.user.id}/reset-password`), 200).json();
      expect(reset.temporaryPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
      expect((await session.get('/api/auth/session')).statusCode).toBe(401);
      expect((await login('vergeetachtig', 'het oude wachtwoord')).statusCode).toBe(401);
      expect((await login('vergeetachtig', reset.temporaryPassword)).json().user.mustChangePassword).toBe(true);

      expect(expectStatus(await admin.patch(`/api/admin/users/${created.user.id}`, { active: false }), 200).json().active).toBe(false);
      expect((await login('vergeetachtig', reset.temporaryPassword)).statusCode).toBe(401);
      expectStatus(await admin.patch(`/api/admin/users/${created.user.id}`, { active: true }), 200);
      expect((await login('vergeetachtig', reset.temporaryPassword)).statusCode).toBe(200);
    });

    it('does not let the admin lock themselves out', async () => {
      for (const patch of [{ active: false }, { role: 'coordinator' }]) {
        const res = await admin.patch(`/api/admin/users/${ctx.userIds.admin}`, patch);
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('self_lockout');
      }
      expect(expectStatus(await admin.get('/api/admin/users'), 200).json().find((u: { id: string }) => u.id === ctx.userIds.admin)).toMatchObject({ role: 'admin', active: true });
    });

    it('answers 404 for unknown users', async () => {
      expect((await admin.patch(`/api/admin/users/${NONE}`, { displayName: 'X' })).statusCode).toBe(404);
      expect((await admin.post(`/api/admin/users/${NONE}/reset-password`)).statusCode).toBe(404);
    });
  });

  describe('departments', () => {
    it('creates, renames and deactivates a department; inactive ones leave the reference list', async () => {
      const created = expectStatus(await admin.post('/api/admin/departments', { code: 'wonen', name: 'Wonen' }), 201).json();
      expect(created).toMatchObject({ code: 'wonen', name: 'Wonen', active: true });
      const renamed = expectStatus(await admin.patch(`/api/admin/departments/${created.id}`, { name: 'Wonen en Leefbaarheid' }), 200).json();
      expect(renamed.name).toBe('Wonen en Leefbaarheid');
      let reference = expectStatus(await reporter.get('/api/reference'), 200).json();
      expect(reference.departments).toContainEqual({ id: created.id, name: 'Wonen en Leefbaarheid' });
      expectStatus(await admin.patch(`/api/admin/departments/${created.id}`, { active: false }), 200);
      reference = expectStatus(await reporter.get('/api/reference'), 200).json();
      expect(reference.departments.map((d: { id: string }) => d.id)).not.toContain(created.id);
      expect(expectStatus(await admin.get('/api/admin/departments'), 200).json().find((d: { id: string }) => d.id === created.id).active).toBe(false);
    });

    it('refuses a duplicate or malformed code and unknown ids', async () => {
      const before = await countRows(ctx.database, 'departments');
      const dup = await admin.post('/api/admin/departments', { code: 'civiel', name: 'Nog een Civiel' });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().fields[0]).toMatchObject({ path: 'code', message: 'Deze code is al in gebruik.' });
      expect((await admin.post('/api/admin/departments', { code: 'Met Spaties', name: 'X' })).statusCode).toBe(400);
      expect((await admin.patch(`/api/admin/departments/${NONE}`, { name: 'X' })).statusCode).toBe(404);
      expect(await countRows(ctx.database, 'departments')).toBe(before);
    });
  });

  describe('partners', () => {
    it('creates and updates partners, which then appear in the directory', async () => {
      const created = expectStatus(
        await admin.post('/api/admin/partners', { code: 'ggd-regio-utrecht', name: 'GGD regio Utrecht', exploitationForms: ['sexual'], referralChannel: 'phone', contact: '030 123 4567' }),
        201,
      ).json();
      expect(created).toMatchObject({ code: 'ggd-regio-utrecht', kind: 'external', internalRole: null, exploitationForms: ['sexual'], active: true });
      const updated = expectStatus(await admin.patch(`/api/admin/partners/${created.id}`, { description: 'Seksuele gezondheid' }), 200).json();
      expect(updated.description).toBe('Seksuele gezondheid');
      const reference = expectStatus(await coordinator.get('/api/reference'), 200).json();
      expect(reference.partners.find((p: { id: string }) => p.id === created.id)).toMatchObject({ name: 'GGD regio Utrecht', description: 'Seksuele gezondheid' });
    });

    it('a PATCH changes only the fields it names', async () => {
      const before = expectStatus(await admin.get('/api/admin/partners'), 200).json().find((p: { id: string }) => p.id === partners.belle);
      expect(before).toMatchObject({ kind: 'external', exploitationForms: ['sexual'], active: true, referralChannel: 'phone' });
      const after = expectStatus(await admin.patch(`/api/admin/partners/${partners.belle}`, { contact: '088 000 0000' }), 200).json();
      expect(after).toEqual({ ...before, contact: '088 000 0000' });
      const cleared = expectStatus(await admin.patch(`/api/admin/partners/${partners.belle}`, { contact: null }), 200).json();
      expect(cleared).toEqual({ ...before, contact: null });

      const dept = expectStatus(await admin.post('/api/admin/departments', { code: 'tijdelijk', name: 'Tijdelijk', active: false }), 201).json();
      expect(expectStatus(await admin.patch(`/api/admin/departments/${dept.id}`, { name: 'Tijdelijk team' }), 200).json()).toEqual({ ...dept, name: 'Tijdelijk team' });

      const rule = expectStatus(await admin.post('/api/admin/routing-rules', { name: 'Tijdelijk', condition: { type: 'form', form: 'organ_removal' }, partnerId: partners.comensha, urgency: 'normal', position: 7, active: false }), 201).json();
      expect(expectStatus(await admin.patch(`/api/admin/routing-rules/${rule.id}`, { name: 'Orgaanhandel' }), 200).json()).toEqual({ ...rule, name: 'Orgaanhandel' });
      expectStatus(await admin.delete(`/api/admin/routing-rules/${rule.id}`), 204);
    });

    it('an empty PATCH changes nothing and answers the unchanged row, or 404 for an unknown id (was a 500; API fuzzer)', async () => {
      const cases = [
        ['/api/admin/departments', ctx.departmentIds.civiel!],
        ['/api/admin/partners', partners.belle!],
        ['/api/admin/routing-rules', expectStatus(await admin.get('/api/admin/routing-rules'), 200).json()[0].id as string],
      ] as const;
      for (const [base, id] of cases) {
        const list = expectStatus(await admin.get(base), 200).json() as { id: string }[];
        const before = list.find((row) => row.id === id);
        // Unknown fields are dropped by the schema, which leaves an empty patch too.
        for (const body of [{}, { onbekend: 'x' }]) {
          expect(expectStatus(await admin.patch(`${base}/${id}`, body), 200, `${base} ${JSON.stringify(body)}`).json()).toEqual(before);
        }
        expect((await admin.patch(`${base}/${NONE}`, {})).statusCode, base).toBe(404);
      }
    });

    it('requires the internal role for an internal partner, and refuses duplicates and unknown ids', async () => {
      const before = await countRows(ctx.database, 'partners');
      const internal = await admin.post('/api/admin/partners', { code: 'intern', name: 'Intern overleg', kind: 'internal_role' });
      expect(internal.statusCode).toBe(400);
      expect(internal.json().fields[0].path).toBe('internalRole');
      expect((await admin.post('/api/admin/partners', { code: 'nla', name: 'Dubbel' })).statusCode).toBe(400);
      expect((await admin.patch(`/api/admin/partners/${NONE}`, { name: 'X' })).statusCode).toBe(404);
      // Turning an external partner into an internal one without a role is refused and rolled back.
      const toInternal = await admin.patch(`/api/admin/partners/${partners.om}`, { kind: 'internal_role' });
      expect(toInternal.statusCode).toBe(400);
      const [om] = await ctx.database.db.select({ kind: partnersTable.kind }).from(partnersTable).where(eq(partnersTable.id, partners.om!));
      expect(om!.kind).toBe('external');
      expect(await countRows(ctx.database, 'partners')).toBe(before);
    });
  });

  describe('routing rules (data, not code)', () => {
    it('lists the Lopik rules', async () => {
      const rules = expectStatus(await admin.get('/api/admin/routing-rules'), 200).json();
      expect(rules.map((r: { partner: { id: string }; urgency: string; condition: unknown }) => [r.partner.id, r.urgency, r.condition])).toEqual([
        [partners['politie-avim'], 'immediate', { type: 'acute' }],
        [partners.nla, 'normal', { type: 'form', form: 'labour' }],
        [partners.moviera, 'normal', { type: 'always' }],
        [partners.meldcode, 'consult_first', { type: 'victim_involved' }],
        [partners['veilig-thuis'], 'consult_first', { type: 'victim_involved' }],
      ]);
    });

    it('a new rule changes the suggestions; deactivating and deleting it takes it away again', async () => {
      const s = await registeredSignal(reporter, coordinator, { exploitationForms: ['sexual'], acuteDanger: false, victimInvolved: 'no' });
      const suggested = async () =>
        expectStatus(await coordinator.get(`/api/signals/${s.id}/referral-suggestions`), 200).json().map((x: { partner: { id: string } }) => x.partner.id);
      expect(await suggested()).toEqual([partners.moviera]);

      const rule = expectStatus(
        await admin.post('/api/admin/routing-rules', { name: 'Seksuele uitbuiting: Belle', condition: { type: 'form', form: 'sexual' }, partnerId: partners.belle, urgency: 'normal', position: 25 }),
        201,
      ).json();
      expect(rule).toMatchObject({ partner: { id: partners.belle, name: 'Belle' }, position: 25, active: true });
      expect(await suggested()).toEqual([partners.belle, partners.moviera]);

      expectStatus(await admin.patch(`/api/admin/routing-rules/${rule.id}`, { active: false }), 200);
      expect(await suggested()).toEqual([partners.moviera]);
      expectStatus(await admin.patch(`/api/admin/routing-rules/${rule.id}`, { active: true, urgency: 'immediate' }), 200);
      expect(await suggested()).toEqual([partners.belle, partners.moviera]);

      expectStatus(await admin.delete(`/api/admin/routing-rules/${rule.id}`), 204);
      expect(await suggested()).toEqual([partners.moviera]);
      expect((await admin.delete(`/api/admin/routing-rules/${rule.id}`)).statusCode).toBe(404);
      expect((await admin.patch(`/api/admin/routing-rules/${rule.id}`, { active: true })).statusCode).toBe(404);
    });

    it('refuses a rule for an unknown partner or with a malformed condition', async () => {
      const before = await countRows(ctx.database, 'routing_rules');
      const unknown = await admin.post('/api/admin/routing-rules', { name: 'X', condition: { type: 'always' }, partnerId: NONE, urgency: 'normal' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().fields[0].path).toBe('partnerId');
      for (const condition of [{ type: 'form' }, { type: 'moon_phase' }, 'always']) {
        expect((await admin.post('/api/admin/routing-rules', { name: 'X', condition, partnerId: partners.nla, urgency: 'normal' })).statusCode).toBe(400);
      }
      expect(await countRows(ctx.database, 'routing_rules')).toBe(before);
    });
  });

  describe('settings', () => {
    it('reads and changes the feedback term and the number prefix', async () => {
      expect(expectStatus(await admin.get('/api/admin/settings'), 200).json()).toEqual({ feedbackDueDays: 28, numberPrefix: 'MH', totpOtherRoles: 'optional', retention: DEFAULT_RETENTION });
      expectStatus(await admin.patch('/api/admin/settings', { numberPrefix: 'LOP' }), 200);
      try {
        expect((await submitSignal(reporter)).number).toMatch(/^LOP-2026-\d{4}$/);
        expect(expectStatus(await reporter.get('/api/reference'), 200).json().feedbackDueDays).toBe(28);
      } finally {
        expectStatus(await admin.patch('/api/admin/settings', { numberPrefix: 'MH' }), 200);
      }
      for (const bad of [{ numberPrefix: 'mh' }, { numberPrefix: 'TOOLONG' }, { feedbackDueDays: 0 }, { feedbackDueDays: 'veel' }]) {
        expect((await admin.patch('/api/admin/settings', bad)).statusCode).toBe(400);
      }
      expect(expectStatus(await admin.get('/api/admin/settings'), 200).json()).toEqual({ feedbackDueDays: 28, numberPrefix: 'MH', totpOtherRoles: 'optional', retention: DEFAULT_RETENTION });
    });

    it('saves the retention terms as the settings page sends them; out-of-range terms are refused with a field error', async () => {
      const terms = { referred: 3650, no_grounds: 30, insufficient_information: 400, duplicate: 731 };
      // The settings page sends every setting at once.
      const page = { feedbackDueDays: 28, numberPrefix: 'MH', totpOtherRoles: 'optional', retention: terms };
      try {
        expect(expectStatus(await admin.patch('/api/admin/settings', page), 200).json()).toEqual(page);
        expect(expectStatus(await admin.get('/api/admin/settings'), 200).json()).toEqual(page);
        // Another setting alone leaves the terms as they are.
        expectStatus(await admin.patch('/api/admin/settings', { feedbackDueDays: 28 }), 200);
        expect(expectStatus(await admin.get('/api/admin/settings'), 200).json().retention).toEqual(terms);

        const refused: [unknown, string, string][] = [
          [{ referred: 29 }, 'retention.referred', 'v.number_min'],
          [{ no_grounds: 3651 }, 'retention.no_grounds', 'v.number_max'],
          [{ insufficient_information: 365.5 }, 'retention.insufficient_information', 'v.invalid'],
          [{ duplicate: '365' }, 'retention.duplicate', 'v.invalid'],
          [{ duplicate: null }, 'retention.duplicate', 'v.required'],
        ];
        for (const [retention, path, key] of refused) {
          const res = await admin.patch('/api/admin/settings', { ...page, retention: { ...terms, ...(retention as object) } });
          expect(res.statusCode, JSON.stringify(retention)).toBe(400);
          expect(res.json().fields).toEqual([{ path, key, message: expect.any(String) }]);
        }
        expect(expectStatus(await admin.get('/api/admin/settings'), 200).json()).toEqual(page);
        expect((await auditEntries(ctx.database, { action: 'settings.update' })).length).toBeGreaterThan(0);
      } finally {
        expectStatus(await admin.patch('/api/admin/settings', { retention: DEFAULT_RETENTION }), 200);
      }
      expect(expectStatus(await admin.get('/api/admin/settings'), 200).json().retention).toEqual(DEFAULT_RETENTION);
    });
  });

  describe('separation of duties', () => {
    it('the admin cannot open signal content through any signal endpoint', async () => {
      const marker = 'Inhoud die de beheerder nooit mag zien';
      const s = await registeredSignal(reporter, coordinator, { explanation: marker, victimInvolved: 'yes' });
      await coordinator.post(`/api/signals/${s.id}/referrals`, { partnerId: partners.meldcode, referredOn: '2026-11-28', channel: 'in_person' });
      const urls = [
        '/api/signals',
        `/api/signals/${s.id}`,
        '/api/worklist',
        '/api/my/signals',
        `/api/my/signals/${s.id}`,
        '/api/department/signals',
        '/api/consultations',
        `/api/signals/${s.id}/referral-suggestions`,
      ];
      for (const url of urls) {
        const res = await admin.get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.body).not.toContain(marker);
      }
      for (const url of ['/api/admin/users', '/api/admin/departments', '/api/admin/partners', '/api/admin/routing-rules', '/api/admin/settings', '/api/reference']) {
        const res = expectStatus(await admin.get(url), 200);
        expect(res.body).not.toContain(marker);
        expect(res.body).not.toContain(s.number);
      }
      expect((await admin.post(`/api/signals/${s.id}/register`)).statusCode).toBe(403);
    });

    it('no other role can use the admin endpoints', async () => {
      const before = await countRows(ctx.database, 'users');
      for (const key of ['reporter', 'liaison', 'coordinator', 'meldcode', 'analyst'] as const) {
        const client = await ctx.login(key);
        for (const url of ['/api/admin/users', '/api/admin/departments', '/api/admin/partners', '/api/admin/routing-rules', '/api/admin/settings']) {
          expect((await client.get(url)).statusCode, `${key} ${url}`).toBe(403);
        }
        expect((await client.post('/api/admin/users', { username: `x-${key}`, displayName: 'X', role: 'admin', password: TEST_PASSWORD })).statusCode).toBe(403);
        expect((await client.patch(`/api/admin/users/${ctx.userIds[key]}`, { role: 'admin' })).statusCode).toBe(403);
        expect((await client.patch('/api/admin/settings', { feedbackDueDays: 1 })).statusCode).toBe(403);
      }
      expect(await countRows(ctx.database, 'users')).toBe(before);
      expect(expectStatus(await admin.get('/api/admin/settings'), 200).json().feedbackDueDays).toBe(28);
    });
  });

  describe('another municipality', () => {
    it("cannot be managed: its users, departments, partners and rules are 404 or refused as references, and stay unchanged", async () => {
      const other = await ctx.otherMunicipality();
      const [eldersUser] = await ctx.database.db.select().from(users).where(eq(users.username, other.coordinatorUsername));
      const [eldersDepartment] = await ctx.database.db.select().from(departments).where(eq(departments.municipalityId, other.municipality.id));
      const eldersPartners = await partnerIds(ctx.database, other.municipality.id);
      const [eldersRule] = await ctx.database.db.select().from(routingRules).where(eq(routingRules.municipalityId, other.municipality.id));

      const notFound = [
        await admin.patch(`/api/admin/users/${eldersUser!.id}`, { active: false }),
        await admin.post(`/api/admin/users/${eldersUser!.id}/reset-password`),
        await admin.patch(`/api/admin/departments/${eldersDepartment!.id}`, { name: 'Overgenomen' }),
        await admin.patch(`/api/admin/partners/${eldersPartners.moviera}`, { active: false }),
        await admin.patch(`/api/admin/routing-rules/${eldersRule!.id}`, { active: false }),
        await admin.delete(`/api/admin/routing-rules/${eldersRule!.id}`),
      ];
      for (const res of notFound) expect(res.statusCode, res.body).toBe(404);

      const refused = [
        await admin.post('/api/admin/users', { username: 'grensganger', displayName: 'G', role: 'reporter', departmentId: eldersDepartment!.id }),
        await admin.patch(`/api/admin/users/${ctx.userIds.reporter}`, { departmentId: eldersDepartment!.id }),
        await admin.post('/api/admin/routing-rules', { name: 'X', condition: { type: 'always' }, partnerId: eldersPartners.nla, urgency: 'normal' }),
      ];
      for (const res of refused) expect(res.statusCode, res.body).toBe(400);

      const list = expectStatus(await admin.get('/api/admin/users'), 200).json();
      expect(list.map((u: { id: string }) => u.id)).not.toContain(eldersUser!.id);
      const partnerList = expectStatus(await admin.get('/api/admin/partners'), 200).json();
      expect(partnerList.map((p: { id: string }) => p.id)).not.toContain(eldersPartners.moviera);

      const [userAfter] = await ctx.database.db.select().from(users).where(eq(users.id, eldersUser!.id));
      expect(userAfter).toMatchObject({ active: true, passwordHash: eldersUser!.passwordHash });
      const [ruleAfter] = await ctx.database.db.select().from(routingRules).where(eq(routingRules.id, eldersRule!.id));
      expect(ruleAfter!.active).toBe(true);
      const [deptAfter] = await ctx.database.db.select().from(departments).where(eq(departments.id, eldersDepartment!.id));
      expect(deptAfter!.name).toBe(eldersDepartment!.name);
      const [reporterAfter] = await ctx.database.db.select().from(users).where(eq(users.id, ctx.userIds.reporter));
      expect(reporterAfter!.departmentId).toBe(ctx.departmentIds.dienstverlening);
      expect((await loginWith(ctx, other.coordinatorUsername)).userId).toBe(eldersUser!.id);
    });
  });
});
