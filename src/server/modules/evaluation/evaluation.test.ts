import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardView } from '../../../shared/api/dashboard.js';
import type { EvaluationConclusionsView } from '../../../shared/api/evaluation.js';
import { INTERVENTION_KINDS, type ExploitationForm, type InterventionKind, type SourceContext } from '../../../shared/domain.js';
import { docxText, pdfText, unzip } from '../../testing/documents.js';
import { auditEntries, expectStatus, partnerIds } from '../../testing/helpers.js';
import { createTestContext, TEST_USERS, type Client, type TestContext } from '../../testing/test-app.js';
import { recomputableHiddenCells, type Cell } from '../stats/suppression.js';
import { countText, reportDocument } from './evaluation.content.js';
import { buildEvaluationReport, protectInterventions, twoYearTotal } from './evaluation.report.js';
import { generateEvaluation, generateEvaluationPdf } from './evaluation.service.js';

/**
 * The biennial evaluation (issue 5.4) on a generated data set with known answers: 2024 (the year
 * before, for the year-on-year line), 2025 with small counts that must be suppressed, 2026 with
 * nothing small. Every signal, intervention, activity and training carries marker texts (names,
 * free text) that must never appear in the report.
 */

const SECRET = {
  person: 'Kwartelia Zxbetrokkene',
  personEmail: 'kwartelia.zx@voorbeeld.nl',
  explanation: 'GEHEIM-uitleg-QX',
  place: 'Zxplaats-achterkamer',
  organisation: 'Zxuitzend Glans BV',
  interventionNote: 'GEHEIM-interventie-notitie',
  interventionResult: 'GEHEIM-interventie-resultaat',
  activityOwner: 'Zxeigenaar Pietersen',
  activityNote: 'GEHEIM-activiteit-notitie',
  trainingNote: 'GEHEIM-training-notitie',
  feedback: 'GEHEIM-terugkoppeling',
};
const CONCLUSION = 'Het aantal signalen steeg in 2026; de trainingen bij Sociaal Domein werpen hun vruchten af.';
const RECOMMENDATION = 'Zet de training voor Publiekszaken voort en betrek de woningcorporatie.';

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('evaluation report (issue 5.4)', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let coordinator: Client;
  let deputy: Client;
  let analyst: Client;
  let reporter: Client;
  let reporter2: Client;
  let partners: Record<string, string>;
  let pdf: string;
  let docx: string;

  async function signal(at: string, by: 'reporter' | 'reporter2' | 'coordinator', forms: ExploitationForm[], sourceContext: SourceContext, refer?: { partner: string; on: string; feedbackOn?: string }) {
    const client = { reporter, reporter2, coordinator }[by];
    ctx.clock.set(at);
    const { id } = expectStatus(
      await client.post('/api/signals', {
        observedOn: at.slice(0, 10),
        place: SECRET.place,
        explanation: `${SECRET.explanation} ${at}`,
        exploitationForms: forms,
        acuteDanger: false,
        victimInvolved: 'no',
        sourceContext,
        persons: [{ fullName: SECRET.person, email: SECRET.personEmail }],
        organisations: [{ name: SECRET.organisation }],
      }),
      201,
      'submit',
    ).json() as { id: string };
    ctx.clock.set(new Date(new Date(at).getTime() + 86_400_000));
    expectStatus(await coordinator.post(`/api/signals/${id}/register`), 204, 'register');
    if (refer) {
      const referral = expectStatus(await coordinator.post(`/api/signals/${id}/referrals`, { partnerId: partners[refer.partner], referredOn: refer.on, channel: 'phone' }), 201, 'refer').json() as { id: string };
      if (refer.feedbackOn) expectStatus(await coordinator.post(`/api/referrals/${referral.id}/feedback`, { receivedOn: refer.feedbackOn, text: SECRET.feedback }), 204, 'feedback');
    }
  }

  async function intervention(kind: InterventionKind, decidedOn: string) {
    expectStatus(
      await coordinator.post('/api/interventions', { kind, decidedOn, legalBasis: 'Wet Bibob', result: SECRET.interventionResult, notes: SECRET.interventionNote }),
      201,
      'intervention',
    );
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    [coordinator, deputy, analyst, reporter, reporter2] = await Promise.all([ctx.login('coordinator'), ctx.login('deputy'), ctx.login('analyst'), ctx.login('reporter'), ctx.login('reporter2')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
    // 2024: 6 labour signals in June (the year before: only in the year-on-year line).
    for (let i = 0; i < 6; i++) await signal('2024-06-10T09:00:00Z', 'reporter', ['labour'], 'inspection');
    // 2025: 8 sexual signals in January at the desk, all referred to the police; 2 labour signals in August (a small count).
    for (let i = 0; i < 8; i++) await signal(`2025-01-0${i + 2}T09:00:00Z`, 'reporter', ['sexual'], 'desk', { partner: 'politie-avim', on: '2025-01-20' });
    for (let i = 0; i < 2; i++) await signal('2025-08-12T09:00:00Z', 'reporter2', ['labour'], 'home_visit');
    // 2026: 7 criminal signals in May from tips, all referred to the OM with feedback; 6 labour signals in August.
    for (let i = 0; i < 7; i++) await signal('2026-05-04T09:00:00Z', 'coordinator', ['criminal'], 'external_tip', { partner: 'om', on: '2026-05-10', feedbackOn: '2026-05-30' });
    for (let i = 0; i < 6; i++) await signal('2026-08-11T09:00:00Z', 'reporter2', ['labour'], 'home_visit');
    ctx.clock.set('2026-11-28T10:00:00Z');

    // Interventions: 2025 six Bibob tests and two closures (small), 2026 five Bibob tests.
    for (let i = 0; i < 6; i++) await intervention('bibob', '2025-03-01');
    for (let i = 0; i < 2; i++) await intervention('closure', '2025-09-01');
    for (let i = 0; i < 5; i++) await intervention('bibob', '2026-02-01');

    // The implementation plan 2025–2026: one done, one started, one planned; one of another period.
    const activity = (body: Record<string, unknown>) => coordinator.post('/api/plan/activities', { periodStart: 2025, owner: SECRET.activityOwner, notes: SECRET.activityNote, ...body });
    expectStatus(await activity({ title: 'E-learning signalen voor alle baliemedewerkers', ambition: 1, pillar: 'awareness', status: 'done', result: 'Door 40 medewerkers gevolgd.' }), 201);
    expectStatus(await activity({ title: 'Convenant met RIEC Midden-Nederland', ambition: 2, pillar: 'cooperation', status: 'started', dueOn: '2026-06-30' }), 201);
    expectStatus(await activity({ title: 'Bibob-beleid uitbreiden naar huisvesting', ambition: 5, pillar: 'signalling' }), 201);
    expectStatus(await coordinator.post('/api/plan/activities', { periodStart: 2023, title: 'Activiteit uit een andere periode', ambition: 3, pillar: 'care', owner: 'OOV' }), 201);

    // Training: two sessions in the period (12 + 8 and 6 participants), one before it.
    const session = (heldOn: string, provider: string, topic: string, participation: [string, number][]) =>
      coordinator.post('/api/training/sessions', { heldOn, provider, topic, notes: SECRET.trainingNote, participation: participation.map(([d, n]) => ({ departmentId: ctx.departmentIds[d], participants: n })) });
    expectStatus(await session('2025-03-10', 'CoMensha', 'Signalen van uitbuiting herkennen', [['dienstverlening', 12], ['sociaal-domein', 8]]), 201);
    expectStatus(await session('2026-04-02', 'RIEC', 'Ondermijning en arbeidsuitbuiting', [['civiel', 6]]), 201);
    expectStatus(await session('2024-11-01', 'CoMensha', 'Sessie van voor de periode', [['civiel', 3]]), 201);
  }, 180_000);
  afterAll(async () => ctx.close());

  const dashboard = async (year: number) => expectStatus(await analyst.get(`/api/stats/dashboard?year=${year}&granularity=quarter`), 200).json() as DashboardView;

  describe('the figures', () => {
    it('are the protected per-year views the analyst gets, with two-year totals only where both years show', async () => {
      const report = await buildEvaluationReport({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025);
      const [y1, y2] = [await dashboard(2025), await dashboard(2026)];
      expect(report.threshold).toBe(5);
      // Exactly the analyst's view (the audited call aside), so no query combination can difference the report.
      expect(report.years[0]).toEqual(y1);
      expect(report.years[1]).toEqual(y2);
      // Known answers for 2026 (nothing small): 13 signals, 7 referred, criminal 7, labour 6.
      expect(report.years[1].totals.signals).toEqual({ value: 13, suppressed: false });
      expect(report.years[1].totals.referred).toEqual({ value: 7, suppressed: false });
      expect(Object.fromEntries(report.years[1].byForm.map((f) => [f.form, f.signals.value]))).toMatchObject({ criminal: 7, labour: 6, sexual: 0 });
      expect(report.years[1].series.map((q) => q.signals.value)).toEqual([0, 7, 6, 0]);
      expect(report.years[1].partners.find((p) => p.partnerId === partners.om)).toMatchObject({ signals: { value: 7 }, feedbackReceived: { value: 7 }, feedbackMedianDays: 20 });
      // 2025: the 2 labour signals are a small count, hidden.
      expect(report.years[0].byForm.find((f) => f.form === 'labour')!.signals).toEqual({ value: null, suppressed: true });
      expect(report.years[0].series[2]!.signals).toEqual({ value: null, suppressed: true });
      // The year before (2024) for the year-on-year line: 6 in Q2.
      expect(report.years[0].yearOnYear.series.map((s) => s.previous.value)).toEqual([0, 6, 0, 0]);
    });

    it('gives a two-year total only when neither year is hidden', () => {
      expect(twoYearTotal({ value: 7, suppressed: false }, { value: 6, suppressed: false })).toEqual({ value: 13, suppressed: false });
      expect(twoYearTotal({ value: null, suppressed: true }, { value: 6, suppressed: false })).toEqual({ value: null, suppressed: false });
      expect(countText({ value: null, suppressed: false }, 5)).toBe('–');
      expect(countText({ value: null, suppressed: true }, 5)).toBe('< 5');
      expect(countText({ value: 1234, suppressed: false }, 5)).toBe('1.234');
    });

    it('protects interventions as one table: small counts hidden, and no hidden count recomputable from the totals', async () => {
      const report = await buildEvaluationReport({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025);
      const iv = report.interventions;
      const closure = iv.kinds.find((k) => k.kind === 'closure')!;
      expect(closure.years[0]).toEqual({ value: null, suppressed: true });
      expect(closure.total.suppressed).toBe(true);
      expect(iv.kinds.find((k) => k.kind === 'penalty')!.years[1]).toEqual({ value: 0, suppressed: false });
      // 2025: bibob 6 + closure 2 = 8 — with the total or bibob shown, the other must be hidden too.
      const visible2025 = [iv.years[0], iv.kinds.find((k) => k.kind === 'bibob')!.years[0]].filter((c) => !c.suppressed);
      expect(visible2025.length).toBeLessThanOrEqual(1);

      // Exhaustively on random tables: every hidden cell stays unknown to a reader who knows all the shown ones.
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let round = 0; round < 60; round++) {
        const maps = [0, 1].map(() => new Map(INTERVENTION_KINDS.map((k) => [k, rnd() < 0.4 ? 0 : Math.floor(rnd() * 9)] as const))) as [Map<InterventionKind, number>, Map<InterventionKind, number>];
        const view = protectInterventions(maps, 5);
        const cells = new Map<string, Cell>();
        const hidden = new Set<string>();
        const add = (id: string, value: number, c: { suppressed: boolean; value: number | null }) => {
          cells.set(id, { value, kind: 'published' });
          if (c.suppressed) hidden.add(id);
          else expect(c.value).toBe(value);
          if (value > 0 && value < 5) expect(c.suppressed, `${id}=${value}`).toBe(true);
        };
        const constraints: { lhs: string[]; rhs: string[] }[] = [];
        view.kinds.forEach((k) => {
          const [a, b] = [maps[0].get(k.kind)!, maps[1].get(k.kind)!];
          add(`${k.kind}:0`, a, k.years[0]);
          add(`${k.kind}:1`, b, k.years[1]);
          add(`${k.kind}:t`, a + b, k.total);
          constraints.push({ lhs: [`${k.kind}:t`], rhs: [`${k.kind}:0`, `${k.kind}:1`] });
        });
        const sums = [0, 1].map((y) => INTERVENTION_KINDS.reduce((s, k) => s + maps[y]!.get(k)!, 0));
        add('t:0', sums[0]!, view.years[0]);
        add('t:1', sums[1]!, view.years[1]);
        add('t:t', sums[0]! + sums[1]!, view.total);
        for (const y of [0, 1]) constraints.push({ lhs: [`t:${y}`], rhs: INTERVENTION_KINDS.map((k) => `${k}:${y}`) });
        constraints.push({ lhs: ['t:t'], rhs: ['t:0', 't:1'] });
        expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
      }
    });

    it('counts the plan of the period, the training in the two years and nothing else', async () => {
      const report = await buildEvaluationReport({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025);
      expect(report.plan.totals).toEqual({ planned: 1, started: 1, done: 1, dropped: 0, total: 3 });
      expect(report.plan.byAmbition.find((g) => g.ambition === 2)).toMatchObject({ started: 1, total: 1 });
      expect(report.plan.byPillar.find((g) => g.pillar === 'care')).toMatchObject({ total: 0 });
      expect(report.plan.activities.map((a) => a.title)).not.toContain('Activiteit uit een andere periode');
      expect(report.training.sessions.map((s) => [s.heldOn, s.participants])).toEqual([['2025-03-10', 20], ['2026-04-02', 6]]);
      expect(report.training.participants).toBe(26);
      expect(report.training.departments.map((d) => [d.sessions, d.participants])).toEqual([[1, 12], [1, 8], [1, 6]]);
      // Nothing that could name a person is even in the model.
      const json = JSON.stringify(report);
      for (const marker of Object.values(SECRET)) expect(json).not.toContain(marker);
    });
  });

  describe('the documents', () => {
    beforeAll(async () => {
      const [a, b] = await Promise.all([
        generateEvaluation({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025, 'pdf', { compress: false }),
        generateEvaluation({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025, 'docx'),
      ]);
      pdf = flat(pdfText(a.body));
      docx = flat(docxText(b.body));
    }, 120_000);

    it.each([['PDF', () => pdf], ['DOCX', () => docx]])('the %s has the title, the sections, the threshold and the known figures', (_name, text) => {
      const t = text();
      for (const s of [
        'Evaluatie aanpak mensenhandel 2025–2026',
        'Gemeente Lopik',
        '28 november 2026',
        'Samenvatting',
        'Kerncijfers',
        'Signalen per kwartaal',
        'Jaar op jaar',
        'Naar vorm van uitbuiting',
        'Naar afdeling van de melder',
        'Doorverwijzing en terugkoppeling per ketenpartner',
        'Doorlooptijden',
        'Uitvoeringsplan 2025–2026',
        'Bewustwording en training',
        'Bestuurlijke interventies',
        'Conclusies en aanbevelingen',
        'De drempel is 5.',
        // Known figures and lines.
        'Signalen van uitbuiting herkennen',
        'Convenant met RIEC Midden-Nederland',
        'E-learning signalen voor alle baliemedewerkers',
        'Het uitvoeringsplan 2025–2026 telt 3 activiteiten. 1 zijn afgerond, 1 gestart, 1 nog gepland en 0 vervallen.',
        'Er waren 2 trainingen en bijeenkomsten over mensenhandel met samen 26 deelnemers uit 3 afdelingen.',
        'signalen binnen, in 2026 13.',
      ]) {
        expect(t, s).toContain(s);
      }
      // Suppressed cells are shown as "< 5".
      expect(t).toContain('< 5');
      expect(t).toContain('Nog in te vullen door de aandachtsfunctionaris.');
    });

    it('the PDF table rows carry the numbers (2026 per quarter; 2025 hidden as one protected family, two-year totals not added)', () => {
      expect(pdf).toMatch(/K2 2026 7 7/);
      expect(pdf).toMatch(/K3 2026 6 0/);
      expect(pdf).toMatch(/Arbeidsuitbuiting < 5 6 –/);
      expect(pdf).toMatch(/Criminele uitbuiting < 5 7 –/);
      // Every DOCX table cell is a paragraph of its own (docxText: one line per paragraph).
      expect(docx).toMatch(/Arbeidsuitbuiting < 5 6 –/);
    });

    it('contains no person, reporter, signal number or free text from the signals, interventions, plan or training', async () => {
      const numbers = (expectStatus(await coordinator.get('/api/signals?limit=500'), 200).json() as { number: string }[]).map((s) => s.number);
      expect(numbers.length).toBe(29);
      for (const t of [pdf, docx]) {
        for (const marker of Object.values(SECRET)) expect(t).not.toContain(marker);
        for (const u of Object.values(TEST_USERS)) {
          expect(t).not.toContain(u.displayName);
          expect(t).not.toContain(u.email);
        }
        for (const n of numbers) expect(t).not.toContain(n);
      }
    });

    it('the PDF is tagged, in Dutch, with its title shown and the charts as figures with a text alternative', async () => {
      const raw = (await generateEvaluationPdf(ctx.database.db, ctx.municipality.id, 2025, ctx.clock, { compress: false })).toString('latin1');
      expect(raw.startsWith('%PDF-1.7')).toBe(true);
      expect(raw).toMatch(/\/Lang \(nl-NL\)/);
      expect(raw).toMatch(/\/Marked true/);
      expect(raw).toMatch(/\/StructTreeRoot/);
      expect(raw).toMatch(/\/DisplayDocTitle true/);
      expect(raw).toMatch(/\/S \/Figure/);
      expect(raw.match(/\/Alt [(<]/g)?.length).toBeGreaterThanOrEqual(8);
      expect(raw).toMatch(/\/S \/Table/);
      expect(raw).toMatch(/\/S \/TH/);
      expect(raw).toMatch(/\/S \/H1/);
      // The document information's title: an indirect literal string in UTF-16BE with a byte order
      // mark (it has an en dash), so it is decoded rather than matched as Latin-1 text.
      const ref = /\/Title (\d+) 0 R/.exec(raw)?.[1];
      expect(ref).toBeDefined();
      const literal = new RegExp(`\\n${ref} 0 obj\\n\\((.*?)\\)\\nendobj`, 's').exec(raw)?.[1];
      expect(literal?.startsWith('\u00fe\u00ff')).toBe(true);
      const utf16 = Buffer.from(literal!.slice(2), 'latin1');
      expect(utf16.swap16().toString('utf16le')).toBe('Evaluatie aanpak mensenhandel 2025–2026');
      // Page numbers.
      expect(pdf).toMatch(/pagina 2 van \d+/);
    });

    it('the DOCX is a Word document with headings, repeating header rows and Dutch as its language', async () => {
      const file = await generateEvaluation({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025, 'docx');
      const files = unzip(file.body);
      const xml = files.get('word/document.xml')!.toString('utf8');
      expect(xml).toContain('w:pStyle w:val="Heading1"');
      expect(xml).toContain('<w:tblHeader/>');
      expect(files.get('word/styles.xml')!.toString('utf8')).toContain('w:lang w:val="nl-NL"');
      expect(files.get('docProps/core.xml')!.toString('utf8')).toContain('<dc:title>Evaluatie aanpak mensenhandel 2025–2026</dc:title>');
    });

    it('includes the regional context series when that part of the application has them', async () => {
      const report = await buildEvaluationReport({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025);
      const blocks = reportDocument(report).blocks;
      const heading = blocks.some((b) => b.kind === 'heading' && b.text === 'Regionale context');
      expect(heading).toBe(report.context !== null);
      if (report.context?.some((s) => s.points.length)) {
        const first = report.context.find((s) => s.points.length)!;
        expect(pdf).toContain(first.name);
        expect(docx).toContain(first.name);
      }
    });
  });

  describe('conclusions and the routes', () => {
    it('the coordinator writes conclusions; they appear in the report instead of the empty space', async () => {
      const before = expectStatus(await coordinator.get('/api/evaluation/conclusions?from=2025'), 200).json() as EvaluationConclusionsView;
      expect(before).toMatchObject({ periodStart: 2025, conclusions: null, recommendations: null, updatedAt: null });
      expect(before.periods).toEqual(expect.arrayContaining([2025, 2023]));
      const saved = expectStatus(await coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: CONCLUSION, recommendations: `  ${RECOMMENDATION}\n` }), 200).json() as EvaluationConclusionsView;
      expect(saved).toMatchObject({ periodStart: 2025, conclusions: CONCLUSION, recommendations: RECOMMENDATION });
      expect(saved.updatedAt).not.toBeNull();
      // The deputy sees and changes them too.
      expect((expectStatus(await deputy.get('/api/evaluation/conclusions?from=2025'), 200).json() as EvaluationConclusionsView).conclusions).toBe(CONCLUSION);

      const file = await generateEvaluation({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025, 'pdf', { compress: false });
      const text = flat(pdfText(file.body));
      expect(text).toContain(CONCLUSION);
      expect(text).toContain(RECOMMENDATION);
      expect(text).not.toContain('Nog in te vullen door de aandachtsfunctionaris.');
      expect(flat(docxText((await generateEvaluation({ db: ctx.database.db, clock: ctx.clock }, ctx.municipality.id, 2025, 'docx')).body))).toContain(CONCLUSION);

      // Clearing: empty text is no text.
      const cleared = expectStatus(await coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: '  ', recommendations: RECOMMENDATION }), 200).json() as EvaluationConclusionsView;
      expect(cleared.conclusions).toBeNull();
      expectStatus(await coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: CONCLUSION, recommendations: RECOMMENDATION }), 200);
      // Audited with lengths, never the text.
      const entries = await auditEntries(ctx.database, { action: 'evaluation.conclusions_save' });
      expect(entries.at(-1)).toMatchObject({ result: 'ok', objectId: '2025', details: { conclusionsChars: CONCLUSION.length, recommendationsChars: RECOMMENDATION.length } });
      expect(JSON.stringify(entries)).not.toContain('vruchten');
    });

    it('GET /api/evaluation/report: PDF and DOCX as attachments, not cached, audited', async () => {
      const res = expectStatus(await coordinator.get('/api/evaluation/report?from=2025&format=pdf'), 200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('attachment; filename="evaluatie-mensenhandel-2025-2026.pdf"');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(res.rawPayload.length).toBeGreaterThan(10_000);
      const word = expectStatus(await deputy.get('/api/evaluation/report?from=2025&format=docx'), 200);
      expect(word.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(word.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect(flat(docxText(word.rawPayload))).toContain(CONCLUSION);
      // Default format: PDF.
      expect(expectStatus(await coordinator.get('/api/evaluation/report?from=2025'), 200).headers['content-type']).toBe('application/pdf');
      const audits = await auditEntries(ctx.database, { action: 'evaluation.report' });
      expect(audits.at(-3)).toMatchObject({ result: 'ok', objectId: '2025', details: { from: 2025, to: 2026, format: 'pdf', bytes: res.rawPayload.length } });
      expect(audits.at(-2)).toMatchObject({ result: 'ok', details: { format: 'docx' } });
    });

    it('refuses other roles (audited) and bad input with field errors', async () => {
      for (const client of [analyst, reporter]) {
        expect((await client.get('/api/evaluation/report?from=2025')).statusCode).toBe(403);
        expect((await client.get('/api/evaluation/conclusions')).statusCode).toBe(403);
        expect((await client.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: 'x', recommendations: null })).statusCode).toBe(403);
      }
      expect((await auditEntries(ctx.database, { action: 'evaluation.report', actorId: ctx.userIds.analyst })).map((e) => e.result)).toEqual(['denied']);
      const paths = async (res: Promise<{ statusCode: number; json(): unknown }>) => {
        const r = await res;
        expect(r.statusCode).toBe(400);
        return (r.json() as { fields: { path: string }[] }).fields.map((f) => f.path);
      };
      expect(await paths(coordinator.get('/api/evaluation/report'))).toContain('querystring.from');
      expect(await paths(coordinator.get('/api/evaluation/report?from=twintig'))).toContain('querystring.from');
      expect(await paths(coordinator.get('/api/evaluation/report?from=1999'))).toContain('querystring.from');
      expect(await paths(coordinator.get('/api/evaluation/report?from=2025&format=xlsx'))).toContain('querystring.format');
      expect(await paths(coordinator.get('/api/evaluation/report?from=2031'))).toContain('querystring.from');
      expect(await paths(coordinator.get('/api/evaluation/conclusions?from=2025.5'))).toContain('querystring.from');
      expect(await paths(coordinator.put('/api/evaluation/conclusions', { periodStart: 2031, conclusions: null, recommendations: null }))).toContain('periodStart');
      expect(await paths(coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: 'x'.repeat(10_001), recommendations: null }))).toContain('conclusions');
      expect(await paths(coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: 'a\u0000b', recommendations: null }))).toContain('conclusions');
      expect(await paths(coordinator.put('/api/evaluation/conclusions', { periodStart: '2025', conclusions: 5 }))).toEqual(expect.arrayContaining(['periodStart', 'conclusions', 'recommendations']));
      // Nothing changed by the refused writes.
      expect((expectStatus(await coordinator.get('/api/evaluation/conclusions?from=2025'), 200).json() as EvaluationConclusionsView).conclusions).toBe(CONCLUSION);
    });

    it("another municipality's coordinator sees neither the conclusions nor the figures", async () => {
      const { coordinatorUsername } = await ctx.otherMunicipality();
      const { loginWith } = await import('../../testing/test-app.js');
      const elders = await loginWith(ctx, coordinatorUsername);
      const view = expectStatus(await elders.get('/api/evaluation/conclusions?from=2025'), 200).json() as EvaluationConclusionsView;
      expect(view.conclusions).toBeNull();
      const res = expectStatus(await elders.get('/api/evaluation/report?from=2025&format=docx'), 200);
      const text = flat(docxText(res.rawPayload));
      expect(text).toContain('Gemeente Elders');
      expect(text).not.toContain(CONCLUSION);
      expect(text).toContain('In 2025 kwamen 0 signalen binnen, in 2026 0.');
    });
  });
});
