import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignal } from '../testing/factories.js';
import { expectStatus, partnerIds } from '../testing/helpers.js';
import { queryRows } from '../testing/test-database.js';
import { createTestContext, type Client, type TestContext } from '../testing/test-app.js';
import { ENCRYPTED_TABLES } from './encrypted-columns.js';

/**
 * The dump test of issue 3: every kind of personal data and free text goes in through
 * the API; then the database is dumped three ways (every row of every table as text;
 * PGlite's raw data directory or PostgreSQL's pg_dump) and searched for the plaintext.
 */
const SECRET = {
  name: 'Zwanetta Quirijnsdochter',
  role: 'Rolnaam-QXJ-uitbuiter',
  email: 'zwanetta.qxj@geheim-voorbeeld.nl',
  phone: '+31 6 98765432',
  organisation: 'Klaverblad Qorpuitzend BV',
  kvk: '87654329',
  postcode: '3411 QZ',
  addition: 'QXZ',
  explanation: 'Toelichting-QXJ: zij slaapt in de loods achter het bedrijf.',
  place: 'Loods-QXJ-Achterweg',
  sourceSystem: 'Bronsysteem-QXJ',
  finding: 'Bevinding-QXJ: ingeschreven op een adres met 14 anderen.',
  sharedNote: 'Gedeeld-QXJ met de politie',
  partnerFeedback: 'Terugkoppeling-partner-QXJ: onderzoek gestart',
  requestNote: 'Herinnering-QXJ aan de partner',
  reporterFeedback: 'Melder-terugkoppeling-QXJ: dank voor uw melding',
  closeReason: 'Afsluitreden-QXJ',
  legalHold: 'Bewaarplicht-QXJ: lopend strafrechtelijk onderzoek',
  meetingNote: 'Overlegnotitie-QXJ',
  revealReason: 'Inzagereden-QXJ: melder is afwezig en het is spoed',
  // Issue 6.1: a meeting guest, the agenda summary, minutes, decision and an action item.
  guest: 'Gastnaam-QXJ Wijkagent',
  agendaSummary: 'Agendasamenvatting-QXJ voor het overleg',
  topic: 'Agendaonderwerp-QXJ',
  minutes: 'Verslag-QXJ: politie kent het adres',
  decision: 'Besluit-QXJ: doorverwijzen',
  action: 'Actiepunt-QXJ: navragen bij vergunningen',
} as const;

describe('encryption at rest: a dump without the key reveals nothing', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let signal: { id: string; number: string };
  let totpSecret: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
    const deputy = await ctx.login('deputy');
    const res = await reporter.post(
      '/api/signals',
      buildSignal({
        place: SECRET.place,
        explanation: SECRET.explanation,
        persons: [{ fullName: SECRET.name, role: SECRET.role, email: SECRET.email, phone: SECRET.phone }],
        organisations: [{ name: SECRET.organisation, kvkNumber: SECRET.kvk }],
        addresses: [{ postcode: SECRET.postcode, houseNumber: 4711, addition: SECRET.addition }],
      }),
    );
    signal = expectStatus(res, 201).json();
    const id = signal.id;
    expectStatus(await coordinator.post(`/api/signals/${id}/register`), 204);
    expectStatus(await coordinator.post(`/api/signals/${id}/enrichment-notes`, { sourceSystem: SECRET.sourceSystem, finding: SECRET.finding }), 204);
    expectStatus(await coordinator.put(`/api/signals/${id}/meeting`, { forMeeting: true, meetingNote: SECRET.meetingNote }), 204);
    const series = expectStatus(
      await coordinator.post('/api/meeting-series', {
        name: 'Lokaal ondermijningsoverleg', cadence: 'ad_hoc', firstDate: '2026-11-28', startTime: '10:00', durationMinutes: 60,
        participantUserIds: [ctx.userIds.deputy], guests: [{ name: SECRET.guest, organisation: 'Politie' }],
      }),
      201,
    ).json();
    const meeting = expectStatus(await coordinator.post(`/api/meeting-series/${series.id}/meetings`, { date: '2026-12-01' }), 201).json();
    const personId = expectStatus(await coordinator.get(`/api/signals/${id}`), 200).json().content.persons[0].id;
    expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/items`, { signalId: id, summary: SECRET.agendaSummary, sharedPersonIds: [personId] }), 201);
    const agenda = expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/items`, { title: SECRET.topic }), 201).json();
    expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/publish`), 200);
    const itemId = agenda.items[0].id;
    expectStatus(await coordinator.put(`/api/meetings/${meeting.id}/items/${itemId}/minutes`, { minutes: SECRET.minutes, decision: SECRET.decision }), 200);
    expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/items/${itemId}/actions`, { description: SECRET.action, ownerId: ctx.userIds.deputy, dueDate: '2026-12-15' }), 201);
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    const referral = expectStatus(
      await coordinator.post(`/api/signals/${id}/referrals`, {
        partnerId: partners['politie-avim'],
        referredOn: '2026-11-25',
        channel: 'secure_email',
        sharedParts: ['persons'],
        sharedNote: SECRET.sharedNote,
      }),
      201,
    ).json();
    expectStatus(await coordinator.post(`/api/referrals/${referral.id}/request-feedback`, { requestedOn: '2026-11-26', note: SECRET.requestNote }), 204);
    expectStatus(await coordinator.post(`/api/referrals/${referral.id}/feedback`, { receivedOn: '2026-11-27', text: SECRET.partnerFeedback }), 204);
    expectStatus(await coordinator.post(`/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-27', text: SECRET.reporterFeedback }), 204);
    expectStatus(await coordinator.put(`/api/signals/${id}/legal-hold`, { legalHold: true, reason: SECRET.legalHold }), 204);
    expectStatus(await deputy.post(`/api/signals/${id}/reporter-identity`, { reason: SECRET.revealReason }), 200);
    expectStatus(await coordinator.post(`/api/signals/${id}/close`, { outcome: 'referred', reason: SECRET.closeReason }), 204);
    totpSecret = expectStatus(await reporter.post('/api/auth/totp/setup', {}), 200).json().secret;
  });
  afterAll(async () => ctx?.close());

  /** Every search term, also in the forms a normaliser might have stored. */
  const needles = () => [
    ...Object.values(SECRET),
    '3411QZ',
    '98765432',
    'Quirijnsdochter',
    'quirijnsdochter',
    'Qorpuitzend',
    totpSecret,
  ];

  /**
   * Whether the plaintext occurs. A needle this short (the house number addition "QXZ") occurs by
   * chance inside base64 ciphertext and keyed hashes, about once in 260,000 characters; for such a
   * needle long runs of the base64 alphabet (16+ characters: ciphertext, hashes, keys) are masked
   * first, so only a stored value of its own — or inside a short normalised key — counts.
   */
  const occurs = (dump: string, needle: string) =>
    needle.length >= 6 ? dump.includes(needle) : dump.replace(/[A-Za-z0-9+/=_-]{16,}/g, ' ').includes(needle);

  it('the coordinator still reads every value through the API', async () => {
    const d = expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).json();
    expect(d.content).toMatchObject({ place: SECRET.place, explanation: SECRET.explanation });
    expect(d.content.persons[0]).toMatchObject({ fullName: SECRET.name, role: SECRET.role, email: SECRET.email });
    expect(d.content.organisations[0]).toMatchObject({ name: SECRET.organisation, kvkNumber: SECRET.kvk });
    expect(d.content.addresses[0]).toMatchObject({ postcode: SECRET.postcode, houseNumber: 4711, addition: SECRET.addition });
    expect(d.enrichmentNotes[0]).toMatchObject({ sourceSystem: SECRET.sourceSystem, finding: SECRET.finding });
    expect(d.referrals[0]).toMatchObject({ sharedNote: SECRET.sharedNote, feedbackText: SECRET.partnerFeedback });
    expect(d.reporterFeedback[0]).toMatchObject({ text: SECRET.reporterFeedback });
    expect(d.identityDisclosures[0]).toMatchObject({ reason: SECRET.revealReason });
    expect(d.history.map((h: { reason: string | null }) => h.reason)).toEqual(
      expect.arrayContaining([SECRET.closeReason, SECRET.legalHold, SECRET.requestNote]),
    );
    expect(d.reporter).toMatchObject({ id: ctx.userIds.reporter });
  });

  it('every value in every encrypted column is ciphertext (mr1:<key id>:…)', async () => {
    let checked = 0;
    for (const t of ENCRYPTED_TABLES) {
      for (const column of t.columns) {
        const rows = await queryRows<{ v: string }>(ctx.database, sql`select ${sql.identifier(column)}::text as v from ${sql.identifier(t.table)} where ${sql.identifier(column)} is not null`);
        for (const r of rows) expect(r.v, `${t.table}.${column}`).toMatch(/^mr1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{40,}$/);
        checked += rows.length;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('no row of any table contains the plaintext, and none links the reporter to the signal', async () => {
    const tables = await queryRows<{ name: string }>(
      ctx.database,
      sql`select table_schema || '.' || table_name as name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(15);
    let dump = '';
    for (const { name } of tables) {
      const [schema, table] = name.split('.') as [string, string];
      const rows = await queryRows<{ row: string }>(ctx.database, sql`select t::text as row from ${sql.identifier(schema)}.${sql.identifier(table)} t`);
      for (const { row } of rows) {
        dump += `${row}\n`;
        // The reporter's account and this signal never meet in one row (signal, history, audit, …).
        if (row.includes(ctx.userIds.reporter)) expect(row, `${name} links the reporter`).not.toMatch(new RegExp(`${signal.id}|${signal.number}`));
      }
    }
    expect(dump).toContain(signal.number); // the dump is real
    for (const needle of needles()) expect(occurs(dump, needle), `"${needle}" in the table dump`).toBe(false);
  });

  it('the database files (PGlite data directory) or pg_dump contain none of it', async () => {
    let bytes: Buffer;
    if (ctx.database.dumpDataDir) {
      bytes = Buffer.from(await ctx.database.dumpDataDir());
    } else {
      const [current] = await queryRows<{ name: string }>(ctx.database, sql`select current_database() as name`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${current!.name}`;
      const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', url.toString()], { maxBuffer: 256 * 1024 * 1024 });
      bytes = Buffer.from(stdout);
    }
    expect(bytes.includes(Buffer.from(signal.number))).toBe(true); // the dump is real
    // Byte for byte: the files as Latin-1 text and each needle as its UTF-8 bytes in Latin-1.
    const files = bytes.toString('latin1');
    for (const needle of needles()) {
      expect(occurs(files, Buffer.from(needle, 'utf8').toString('latin1')), `"${needle}" in the database files`).toBe(false);
    }
  });
});
