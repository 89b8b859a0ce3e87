import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequestPackage, AccessRequestSearchResult } from '../../../shared/api/access-request.js';
import { pdfText } from '../../testing/documents.js';
import { buildSignal } from '../../testing/factories.js';
import { auditEntries, expectStatus, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';
import { renderAccessRequestPdf } from './access-request.pdf.js';
import { createRedactor } from './redact.js';

const TODAY = '2026-11-28';
const SUBJECT = { fullName: 'Anna de Vries', role: 'mogelijk slachtoffer', email: 'anna.devries@voorbeeld.nl', phone: '06-12345678', birthDate: '1990-03-05' };
const OTHER = { fullName: 'Jan van der Berg', role: 'werkgever', email: 'jan.berg@uitbuiter.nl', phone: '06 87654321' };
const ORGANISATION = 'Schoonmaakbedrijf Glans BV';
const REPORTER = TEST_USERS.reporter;

describe('access requests (AVG art. 15)', () => {
  let ctx: TestContext;
  const clients = {} as Record<TestUserKey, Client>;
  let elders: Client;
  /** The signal with everything: the subject, another person, an organisation, notes, a referral with feedback. */
  let full: { id: string; number: string };
  let unknownBirth: { id: string; number: string };
  let otherBirth: { id: string; number: string };
  let byEmail: { id: string; number: string };
  let byPhone: { id: string; number: string };
  let eldersSignal: { id: string; number: string };

  const search = (client: Client, body: unknown) => client.post('/api/access-requests/search', body);
  const matchesOf = async (client: Client, body: unknown) =>
    (expectStatus(await search(client, body), 200, 'search').json() as AccessRequestSearchResult).matches;
  const personIdsIn = async (signalId: string) => {
    const detail = expectStatus(await clients.coordinator.get(`/api/signals/${signalId}`), 200).json() as { content: { persons: { id: string; fullName: string }[] } };
    return detail.content.persons;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const key of Object.keys(TEST_USERS) as TestUserKey[]) clients[key] = await ctx.login(key);
    const partners = await partnerIds(ctx.database, ctx.municipality.id);

    full = await registeredSignal(clients.reporter, clients.coordinator, {
      place: `Kantoor van ${ORGANISATION}`,
      explanation: `${SUBJECT.fullName} werkt voor ${OTHER.fullName.toUpperCase()} (${OTHER.email}, 06-87654321) bij ${ORGANISATION}. Ik, ${REPORTER.displayName}, zag het aan de balie.`,
      persons: [SUBJECT, OTHER],
      organisations: [{ name: ORGANISATION, kvkNumber: '11223344' }],
      addresses: [{ postcode: '3411 AB', houseNumber: 7 }],
    });
    expectStatus(
      await clients.coordinator.post(`/api/signals/${full.id}/enrichment-notes`, { sourceSystem: 'BRP', finding: `${SUBJECT.fullName} staat ingeschreven op het adres van jan van der berg.` }),
      204,
      'enrich',
    );
    const referral = expectStatus(
      await clients.coordinator.post(`/api/signals/${full.id}/referrals`, {
        partnerId: partners['politie-avim'],
        referredOn: TODAY,
        channel: 'secure_email',
        sharedNote: `Melder ${REPORTER.email} is bereikbaar; ${ORGANISATION} is bekend.`,
      }),
      201,
      'refer',
    ).json().id as string;
    expectStatus(await clients.coordinator.post(`/api/referrals/${referral}/feedback`, { receivedOn: TODAY, text: `Gesprek gevoerd met ${SUBJECT.fullName}; +31 6 8765 4321 onbereikbaar.` }), 204, 'feedback');

    unknownBirth = await submitSignal(clients.reporter2, { persons: [{ fullName: 'anna  DE vries' }], organisations: [], addresses: [] });
    otherBirth = await submitSignal(clients.reporter2, { persons: [{ fullName: SUBJECT.fullName, birthDate: '1985-01-01' }], organisations: [], addresses: [] });
    byEmail = await submitSignal(clients.colleague, { persons: [{ fullName: 'A. de Vries', email: 'ANNA.DEVRIES@Voorbeeld.nl' }], organisations: [], addresses: [] });
    byPhone = await submitSignal(clients.colleague, { persons: [{ fullName: 'Anna V.', phone: '+31612345678' }], organisations: [], addresses: [] });

    const other = await ctx.otherMunicipality();
    elders = await loginWith(ctx, other.coordinatorUsername);
    eldersSignal = await submitSignal(elders, { persons: [{ ...SUBJECT }], organisations: [], addresses: [] });
  });
  afterAll(async () => ctx.close());

  describe('date of birth on involved persons', () => {
    it('is stored and shown to the coordinator and to the reporter in their own view', async () => {
      const persons = (expectStatus(await clients.coordinator.get(`/api/signals/${full.id}`), 200).json() as { content: { persons: { birthDate: string | null }[] } }).content.persons;
      expect(persons.map((p) => p.birthDate)).toEqual([SUBJECT.birthDate, null]);
      const own = expectStatus(await clients.reporter.get(`/api/my/signals/${full.id}`), 200).json() as { content: { persons: { birthDate: string | null }[] } };
      expect(own.content.persons[0]!.birthDate).toBe(SUBJECT.birthDate);
    });

    it('refuses a date of birth in the future or malformed, with a field message', async () => {
      for (const birthDate of ['2030-01-01', '05-03-1990']) {
        const res = await clients.reporter.post('/api/signals', buildSignal({ persons: [{ fullName: 'X', birthDate }] }));
        expect(res.statusCode).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path)).toContain('persons.0.birthDate');
      }
    });
  });

  describe('POST /api/access-requests/search', () => {
    it('finds a person by name and date of birth; a record without a date of birth is flagged, another date excluded', async () => {
      const matches = await matchesOf(clients.coordinator, { fullName: SUBJECT.fullName, birthDate: SUBJECT.birthDate });
      const bySignal = Object.fromEntries(matches.map((m) => [m.signal.id, m]));
      expect(Object.keys(bySignal).sort()).toEqual([full.id, unknownBirth.id].sort());
      expect(bySignal[full.id]).toMatchObject({ matchedOn: ['name_birthdate'], birthDateUnknown: false, signal: { number: full.number, state: 'referred', outcome: null } });
      expect(bySignal[unknownBirth.id]).toMatchObject({ matchedOn: ['name_birthdate'], birthDateUnknown: true, signal: { state: 'received' } });
      expect(bySignal[otherBirth.id]).toBeUndefined();
      const subjectId = (await personIdsIn(full.id)).find((p) => p.fullName === SUBJECT.fullName)!.id;
      expect(bySignal[full.id]!.personId).toBe(subjectId);
    });

    it('finds a person by e-mail address, case-insensitively', async () => {
      const matches = await matchesOf(clients.coordinator, { email: 'Anna.DeVries@VOORBEELD.NL' });
      expect(matches.map((m) => m.signal.id).sort()).toEqual([full.id, byEmail.id].sort());
      expect(matches.every((m) => m.matchedOn.join() === 'email' && !m.birthDateUnknown)).toBe(true);
    });

    it('finds a person by phone number in any notation', async () => {
      for (const phone of ['+31612345678', '06-12345678', '06 1234 5678', '0031 6 12345678']) {
        const matches = await matchesOf(clients.coordinator, { phone });
        expect(matches.map((m) => m.signal.id).sort(), phone).toEqual([full.id, byPhone.id].sort());
      }
    });

    it('joins the criteria and names each that matched', async () => {
      const matches = await matchesOf(clients.coordinator, { ...SUBJECT });
      const fullMatch = matches.find((m) => m.signal.id === full.id)!;
      expect(fullMatch.matchedOn).toEqual(['name_birthdate', 'email', 'phone']);
      expect(matches.map((m) => m.signal.id).sort()).toEqual([full.id, unknownBirth.id, byEmail.id, byPhone.id].sort());
    });

    it("keeps municipalities apart: neither sees the other's records", async () => {
      const ours = await matchesOf(clients.coordinator, { fullName: SUBJECT.fullName, birthDate: SUBJECT.birthDate, email: SUBJECT.email });
      expect(ours.map((m) => m.signal.id)).not.toContain(eldersSignal.id);
      const theirs = await matchesOf(elders, { fullName: SUBJECT.fullName, birthDate: SUBJECT.birthDate, email: SUBJECT.email, phone: SUBJECT.phone });
      expect(theirs.map((m) => m.signal.id)).toEqual([eldersSignal.id]);
    });

    it('needs name and date of birth together, or an e-mail address, or a phone number (400 with field messages)', async () => {
      const fields = async (body: unknown) => {
        const res = await search(clients.coordinator, body);
        expect(res.statusCode).toBe(400);
        return (res.json().fields as { path: string; key: string }[]).map((f) => `${f.path}:${f.key}`).sort();
      };
      expect(await fields({})).toEqual(['birthDate', 'email', 'fullName', 'phone'].map((p) => `${p}:v.access_request_criteria`));
      expect(await fields({ fullName: SUBJECT.fullName })).toEqual(['birthDate:v.access_request_criteria']);
      expect(await fields({ birthDate: SUBJECT.birthDate })).toEqual(['fullName:v.access_request_criteria']);
      expect(await fields({ email: 'geen-adres' })).toEqual(['email:v.email']);
      expect(await fields({ phone: '12' })).toEqual(['phone:v.phone']);
      expect(await fields({ fullName: SUBJECT.fullName, birthDate: '2099-01-01' })).toEqual(['birthDate:v.date_future']);
    });

    it('is for the coordinator only: every other role gets 403', async () => {
      for (const key of Object.keys(TEST_USERS) as TestUserKey[]) {
        if (key === 'coordinator') continue;
        const res = await search(clients[key], { email: SUBJECT.email });
        expect(res.statusCode, key).toBe(403);
        const exp = await clients[key].post('/api/access-requests/export', { personIds: [(await personIdsIn(full.id))[0]!.id], format: 'json' });
        expect(exp.statusCode, key).toBe(403);
      }
    });
  });

  describe('POST /api/access-requests/export', () => {
    let subjectId: string;
    let otherId: string;
    let unknownBirthId: string;

    beforeAll(async () => {
      const persons = await personIdsIn(full.id);
      subjectId = persons.find((p) => p.fullName === SUBJECT.fullName)!.id;
      otherId = persons.find((p) => p.fullName === OTHER.fullName)!.id;
      unknownBirthId = (await personIdsIn(unknownBirth.id))[0]!.id;
    });

    async function exportJson(personIds: string[]): Promise<{ pkg: AccessRequestPackage; text: string; headers: Record<string, unknown> }> {
      const res = expectStatus(await clients.coordinator.post('/api/access-requests/export', { personIds, format: 'json' }), 200, 'export json');
      return { pkg: res.json() as AccessRequestPackage, text: res.body, headers: res.headers };
    }

    it('downloads JSON as an attachment with a neutral name, never cached', async () => {
      const { headers } = await exportJson([subjectId]);
      expect(headers['content-type']).toMatch(/^application\/json/);
      expect(headers['content-disposition']).toBe(`attachment; filename="inzageverzoek-${TODAY}.json"`);
      expect(headers['cache-control']).toBe('no-store');
    });

    it("contains the subject's own record, the facts, the redacted texts, the referrals and what was withheld", async () => {
      const { pkg } = await exportJson([subjectId, unknownBirthId]);
      expect(pkg.title).toMatch(/Inzageverzoek/);
      expect(pkg.notice.join(' ')).toMatch(/aandachtsfunctionaris.*concept.*verstrekt/is);
      expect(pkg.signals.map((s) => s.number).sort()).toEqual([full.number, unknownBirth.number].sort());
      const s = pkg.signals.find((x) => x.number === full.number)!;
      expect(s).toMatchObject({ state: 'referred', outcome: null, exploitationForms: ['sexual'], observedOn: '2026-11-20' });
      expect(s.subject).toEqual([{ fullName: SUBJECT.fullName, role: SUBJECT.role, email: SUBJECT.email, phone: SUBJECT.phone, birthDate: SUBJECT.birthDate }]);
      const text = (kind: string) => s.texts.filter((t) => t.kind === kind).map((t) => t.text);
      expect(text('explanation')).toEqual([`${SUBJECT.fullName} werkt voor [derde] ([derde], [derde]) bij [derde]. Ik, [melder], zag het aan de balie.`]);
      expect(text('place')).toEqual(['Kantoor van [derde]']);
      expect(text('enrichment_finding')).toEqual([`${SUBJECT.fullName} staat ingeschreven op het adres van [derde].`]);
      expect(text('referral_note')).toEqual(['Melder [melder] is bereikbaar; [derde] is bekend.']);
      expect(text('referral_feedback')).toEqual([`Gesprek gevoerd met ${SUBJECT.fullName}; [derde] onbereikbaar.`]);
      expect(s.referrals).toEqual([{ partner: expect.stringMatching(/politie/i), referredOn: TODAY, state: 'feedback_received', feedbackReceivedOn: TODAY }]);
      expect(s.withheld).toEqual({
        otherPersons: 1,
        organisations: 1,
        addresses: 1,
        reporter: true,
        summary: '1 andere betrokkene, 1 organisatie, 1 adres en de identiteit van de melder: niet verstrekt',
      });
    });

    it("never contains the reporter's identity, another person's data or an organisation's name", async () => {
      const { text } = await exportJson([subjectId, unknownBirthId]);
      const lower = text.toLowerCase();
      for (const forbidden of [
        REPORTER.displayName, REPORTER.email, TEST_USERS.reporter2.displayName, TEST_USERS.reporter2.email, 'Burgerzaken', 'Sociaal Domein',
        OTHER.fullName, OTHER.email, OTHER.role, '87654321', '8765 4321', ORGANISATION, '11223344', '3411',
      ]) {
        expect(lower, forbidden).not.toContain(forbidden.toLowerCase());
      }
      expect(lower).not.toContain('"reporter":{');
    });

    it("selecting the other person's record makes them the subject: the first becomes [derde]", async () => {
      const { pkg } = await exportJson([otherId]);
      const s = pkg.signals[0]!;
      expect(s.subject.map((p) => p.fullName)).toEqual([OTHER.fullName]);
      expect(s.texts[0]!.text).toBe(`[derde] werkt voor ${OTHER.fullName.toUpperCase()} (${OTHER.email}, 06-87654321) bij [derde]. Ik, [melder], zag het aan de balie.`);
    });

    it('downloads a PDF that does not contain the reporter or third parties', async () => {
      const res = expectStatus(await clients.coordinator.post('/api/access-requests/export', { personIds: [subjectId], format: 'pdf' }), 200, 'export pdf');
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="inzageverzoek-${TODAY}.pdf"`);
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain(SUBJECT.fullName);
      expect(text).toContain(full.number);
      expect(text).toContain('[melder]');
      for (const forbidden of [REPORTER.displayName, REPORTER.email, OTHER.fullName, OTHER.email, ORGANISATION]) expect(text, forbidden).not.toContain(forbidden);
    });

    it('renders the package uncompressed on request, with the same text', async () => {
      const { pkg } = await exportJson([subjectId]);
      const pdf = await renderAccessRequestPdf(pkg, { compress: false });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain('Uw gegevens in dit signaal');
      expect(text).toContain('1 andere betrokkene, 1 organisatie, 1 adres en de identiteit van de melder: niet verstrekt');
      expect(text).not.toContain(REPORTER.displayName);
    });

    it("answers 404 for a person record of another municipality, alone or among one's own, and writes nothing but a refusal", async () => {
      const theirs = (await matchesOf(elders, { email: SUBJECT.email }))[0]!.personId;
      for (const personIds of [[theirs], [subjectId, theirs]]) {
        const res = await clients.coordinator.post('/api/access-requests/export', { personIds, format: 'json' });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'not_found' });
        expect(res.body).not.toContain(theirs);
      }
      expect((await clients.coordinator.post('/api/access-requests/export', { personIds: ['00000000-0000-4000-8000-000000000000'], format: 'pdf' })).statusCode).toBe(404);
    });

    it('refuses an empty selection, more than 200 records or an unknown format', async () => {
      for (const body of [{ personIds: [], format: 'json' }, { personIds: Array.from({ length: 201 }, () => subjectId), format: 'json' }, { personIds: [subjectId], format: 'docx' }]) {
        expect((await clients.coordinator.post('/api/access-requests/export', body)).statusCode).toBe(400);
      }
    });
  });

  it('audits searches and exports with counts only: no search term, name, e-mail, phone or date of birth', async () => {
    const entries = [...(await auditEntries(ctx.database, { action: 'access_request.search' })), ...(await auditEntries(ctx.database, { action: 'access_request.export' }))];
    expect(entries.some((e) => e.action === 'access_request.search' && e.result === 'ok')).toBe(true);
    expect(entries.some((e) => e.action === 'access_request.search' && e.result === 'denied')).toBe(true);
    expect(entries.some((e) => e.action === 'access_request.export' && e.objectType === 'access_request' && e.result === 'ok')).toBe(true);
    expect(entries.some((e) => e.action === 'access_request.export' && e.objectType === 'signal' && e.objectId === full.id)).toBe(true);
    const search = entries.find((e) => e.action === 'access_request.search' && e.result === 'ok')!;
    expect(Object.keys(search.details ?? {}).sort()).toEqual(['birthDateUnknown', 'matches', 'signals']);
    const dump = JSON.stringify(entries).toLowerCase();
    for (const term of ['anna', 'vries', '1990-03-05', 'voorbeeld.nl', '12345678', '+316', 'jan', OTHER.email]) expect(dump, term).not.toContain(term);
  });

  it('redacts notations and word boundaries as promised (pure)', () => {
    const redact = createRedactor({
      thirdPartyNames: ['Jan Berg', 'Anna de Vries'],
      thirdPartyEmails: ['jan@berg.nl'],
      thirdPartyPhones: ['0612345678'],
      reporter: ['Rita Reporter'],
      keep: ['Anna de Vries'],
    });
    expect(redact('JAN   berg, Janberg, jan@BERG.nl, (06) 12 34 56 78, +31 (0)6-12345678, 061234567890, rita reporter, Anna de Vries')).toBe(
      '[derde], Janberg, [derde], [derde], [derde], 061234567890, [melder], Anna de Vries',
    );
  });
});
