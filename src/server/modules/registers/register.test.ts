import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../cli/commands.js';
import { REGISTER_IMPORT_BODY_BYTES } from '../../../shared/api/register.js';
import type { RegisterKind } from '../../../shared/domain.js';
import { entities, entityKeys, entityLinks, registers } from '../../db/schema/index.js';
import { rawRows, type DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { auditEntries, expectStatus } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { insertEntities, openEntityData, upsertLink } from '../entities/entity.repo.js';
import { isValidBsn, normaliseDate, ownListEntityKind, readRegisterCsv, type ReadResult } from './register-import.js';
import { ensureRegister, externalKeysQuery, findByExternalKeys } from './register.repo.js';
import { createRegisterService, externalKeyOf, type RegisterService } from './register.service.js';

const BSN = ['111222011', '111222023', '111222035', '111222047'] as const;

const bag = (rows: string[]) =>
  ['nummeraanduiding_id;openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;gebruiksdoel', ...rows].join('\r\n');
const BAG = bag([
  '0331200000000001;Dorpsstraat;1;;;3411 AB;Lopik;Lopik;woonfunctie',
  '0331200000000002;Dorpsstraat;2;A;;3411AB;Lopik;Lopik;woonfunctie',
  '0331200000000003;Industrieweg;14;;2;3411 CD;Lopik;Lopik;industriefunctie',
]);
const BRP = [
  '\uFEFFBSN;Voornamen;Voorvoegsel;Geslachtsnaam;Geboortedatum;Geslacht;Postcode;Huisnummer;Woonplaats',
  `${BSN[0]};Jan Pieter;van der;Bergkamp;12-04-1980;M;3411AB;1;Lopik`,
  `${BSN[1]};Fatima;;Zwartewaal;1992-01-31;V;;;`,
].join('\n');
const KVK = [
  'kvk_nummer;vestigingsnummer;handelsnaam;rechtsvorm;sbi_code;postcode;huisnummer;plaats',
  '12345678;000012345678;Schoonmaak Snel B.V.;Besloten Vennootschap;81211;3411AB;14;Lopik',
  '12345678;000012345679;Schoonmaak Snel B.V.;Besloten Vennootschap;81211;3411CD;3;Lopik',
].join('\n');
const PERMITS = [
  'kenmerk;onderwerp;naam;kvk_nummer;postcode;huisnummer;datum;omschrijving',
  'Z-2026-001;exploitatievergunning;Massagesalon Lotus;;3411AB;5;2026-03-01;"Vergunning ""horeca""; verleend"',
  'Z-2026-002;exploitatievergunning;Karel Oostveen;;;;2026-03-02;',
  'Z-2026-003;last onder dwangsom;;87654321;;;;',
  'Z-2026-004;huisvesting arbeidsmigranten;;;3411CD;9;;14 bedden',
].join('\n');

describe('register CSV reading (pure)', () => {
  async function read(kind: RegisterKind, csv: string | Readable): Promise<ReadResult[]> {
    const out: ReadResult[] = [];
    for await (const r of readRegisterCsv(kind, csv)) out.push(r);
    return out;
  }

  it('checks the BSN elfproef and normalises dates', () => {
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456781')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
    expect(normaliseDate('12-04-1980')).toBe('1980-04-12');
    expect(normaliseDate('1980-04-12')).toBe('1980-04-12');
    expect(normaliseDate('31-02-1980')).toBeNull();
    expect(normaliseDate('1980/04/12')).toBeNull();
  });

  it('maps own-list rows: KvK or a company-like name → organisation, another name → person, else address', () => {
    expect(ownListEntityKind('Jan Jansen', '12345678')).toBe('organisation');
    expect(ownListEntityKind('Bouwbedrijf Jansen B.V.', undefined)).toBe('organisation');
    expect(ownListEntityKind('Stichting Het Anker', undefined)).toBe('organisation');
    expect(ownListEntityKind('Massagesalon Lotus', undefined)).toBe('organisation');
    expect(ownListEntityKind('Jan Jansen', undefined)).toBe('person');
    expect(ownListEntityKind(undefined, undefined)).toBe('address');
  });

  it('reads a stream, header names case-insensitive, a BOM, quoted separators; builds the person name without the BSN', async () => {
    const rows = await read('brp', Readable.from([BRP.slice(0, 40), BRP.slice(40)]));
    expect(rows.map((r) => r.type)).toEqual(['row', 'row']);
    const first = rows[0] as Extract<ReadResult, { type: 'row' }>;
    expect(first.line).toBe(2);
    expect(first.row).toEqual({
      externalId: BSN[0],
      entityKind: 'person',
      data: {
        name: 'Jan Pieter van der Bergkamp',
        birthDate: '1980-04-12',
        addresses: [{ postcode: '3411AB', houseNumber: '1', addition: null }],
        details: { woonplaats: 'Lopik', geslacht: 'M' },
      },
    });
    expect(JSON.stringify(first.row.data)).not.toContain(BSN[0]);
    const permits = await read('permits', PERMITS);
    expect(permits.map((r) => (r.type === 'row' ? r.row.entityKind : r.type))).toEqual(['organisation', 'person', 'organisation', 'address']);
    expect((permits[0] as Extract<ReadResult, { type: 'row' }>).row.data.details?.omschrijving).toBe('Vergunning "horeca"; verleend');
  });

  it('rejects bad rows with line, column and a reason that never repeats the value', async () => {
    const csv = [
      'bsn;geslachtsnaam;geboortedatum;postcode;huisnummer',
      `123456781;Bergkamp;1980-04-12;;`, // elfproef
      `${BSN[2]};;31-02-1980;3411AB;`, // surname empty, impossible date, postcode without number
      `${BSN[3]};Visser;1970-01-01;9999 ZZZ;7`, // postcode
      `${BSN[3]};Visser;1970-01-01;;`, // duplicate BSN
      `${BSN[0]};Te;veel;kolommen;;;`,
    ].join('\n');
    const rows = await read('brp', csv);
    const issues = rows.flatMap((r) => (r.type === 'rejected' ? r.issues.map((i) => ({ line: r.line, ...i })) : []));
    expect(issues).toEqual([
      { line: 2, column: 'bsn', reason: expect.stringMatching(/elfproef/) },
      { line: 3, column: 'geslachtsnaam', reason: 'verplicht, maar leeg' },
      { line: 3, column: 'geboortedatum', reason: expect.stringMatching(/datum/) },
      { line: 3, column: 'huisnummer', reason: expect.stringMatching(/horen bij elkaar/) },
      { line: 4, column: 'postcode', reason: expect.stringMatching(/postcode/) },
      { line: 5, column: 'bsn', reason: expect.stringMatching(/regel 4/) },
      { line: 6, column: null, reason: expect.stringMatching(/kolommen/) },
    ]);
    const text = JSON.stringify(rows.filter((r) => r.type === 'rejected').map((r) => (r as { issues: unknown }).issues));
    for (const value of ['123456781', BSN[2], BSN[3], 'Bergkamp', '9999 ZZZ', '31-02-1980']) expect(text).not.toContain(value);
  });

  it('refuses a file without a required column or with broken quoting as a whole', async () => {
    expect(await read('bag', 'nummeraanduiding_id;openbareruimte;postcode\n0331200000000001;Dorpsstraat;3411AB')).toEqual([
      { type: 'file_error', line: 1, issues: [{ column: 'huisnummer', reason: expect.any(String) }, { column: 'woonplaats', reason: expect.any(String) }] },
    ]);
    const broken = await read('permits', 'kenmerk;onderwerp;naam\nZ-1;vergunning;"Jan\nZ-2;vergunning;Piet');
    expect(broken.at(-1)).toMatchObject({ type: 'file_error' });
    expect(await read('permits', '')).toEqual([{ type: 'file_error', line: 1, issues: [{ column: null, reason: expect.stringMatching(/leeg/) }] }]);
  });
});

describe('register import (database)', () => {
  let ctx: TestContext;
  let service: RegisterService;
  let admin: Actor;
  let coordinatorActor: Actor;

  const actorOf = (key: 'admin' | 'coordinator', role: Actor['role']): Actor => ({
    userId: ctx.userIds[key],
    municipalityId: ctx.municipality.id,
    role,
    departmentId: null,
    origin: { ip: null, userAgent: null },
  });

  async function registerEntities(kind: RegisterKind) {
    const [reg] = await ctx.database.db.select().from(registers).where(eq(registers.kind, kind));
    if (!reg) return [];
    const rows = await ctx.database.db.select().from(entities).where(eq(entities.registerId, reg.id));
    return rows.map((r) => ({ ...r, plain: openEntityData(ctx.vault, r.id, r.data) }));
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    service = createRegisterService({ db: ctx.database.db, clock: ctx.clock, vault: ctx.vault });
    admin = actorOf('admin', 'admin');
    coordinatorActor = actorOf('coordinator', 'coordinator');
  });
  afterAll(async () => ctx.close());

  it('imports each kind into entities of the right kind, and counts the register', async () => {
    const cases: [RegisterKind, string, number, string][] = [
      ['bag', BAG, 3, 'address'],
      ['brp', BRP, 2, 'person'],
      ['kvk', KVK, 2, 'organisation'],
      ['permits', PERMITS, 4, 'organisation'],
      ['bibob', PERMITS, 4, 'organisation'],
      ['labour_housing', PERMITS, 4, 'organisation'],
      ['enforcement', PERMITS, 4, 'organisation'],
    ];
    for (const [kind, csv, count, firstKind] of cases) {
      const report = await service.importCsv(admin, kind, csv, { batchSize: 2 });
      expect(report, kind).toMatchObject({ kind, rows: count, valid: count, rejectedRows: 0, inserted: count, updated: 0, unchanged: 0, applied: true, rowCount: count });
      const stored = await registerEntities(kind);
      expect(stored).toHaveLength(count);
      expect(stored.every((e) => e.origin === 'register' && e.municipalityId === ctx.municipality.id)).toBe(true);
      expect(stored.map((e) => e.kind)).toContain(firstKind);
    }
    const kvk = await registerEntities('kvk');
    expect(kvk.map((e) => e.plain).find((d) => d.addresses?.[0]?.postcode === '3411AB')).toEqual({
      name: 'Schoonmaak Snel B.V.',
      kvk: ['12345678'],
      addresses: [{ postcode: '3411AB', houseNumber: '14', addition: null }],
      details: { vestigingsnummer: '000012345678', rechtsvorm: 'Besloten Vennootschap', sbi: '81211', plaats: 'Lopik' },
    });
    const bagRows = await registerEntities('bag');
    expect(bagRows.map((e) => e.plain).find((d) => d.details?.straat === 'Industrieweg')).toEqual({
      addresses: [{ postcode: '3411CD', houseNumber: '14', addition: '2' }],
      details: { straat: 'Industrieweg', woonplaats: 'Lopik', gemeente: 'Lopik', gebruiksdoel: 'industriefunctie' },
    });
    // The matching keys were written.
    const [keyCount] = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from entity_keys k join entities e on e.id = k.entity_id where e.origin = 'register'`);
    expect(keyCount!.n).toBeGreaterThan(20);
    // The register list: every kind, with counts.
    const list = await service.list(admin);
    expect(list.find((r) => r.kind === 'bag')).toEqual({ kind: 'bag', rowCount: 3, importedAt: ctx.clock.now().toISOString() });
  });

  it('applies nothing when a row is rejected, unless acceptValid; a dry run writes nothing', async () => {
    const csv = bag(['0331200000000011;Kerkweg;1;;;3411EF;Lopik;;', '0331200000000012;Kerkweg;nul;;;3411EF;Lopik;;', '0331200000000013;Kerkweg;3;;;34;Lopik;;']);
    const before = (await registerEntities('bag')).length;
    const refused = await service.importCsv(admin, 'bag', csv);
    expect(refused).toMatchObject({ rows: 3, valid: 1, rejectedRows: 2, inserted: 1, applied: false, rowCount: 3 });
    expect(refused.rejected).toEqual([
      { line: 3, column: 'huisnummer', reason: expect.any(String) },
      { line: 4, column: 'postcode', reason: expect.any(String) },
    ]);
    expect(await registerEntities('bag')).toHaveLength(before);

    const dry = await service.importCsv(admin, 'bag', csv, { acceptValid: true, dryRun: true });
    expect(dry).toMatchObject({ valid: 1, rejectedRows: 2, inserted: 1, applied: false, dryRun: true });
    expect(await registerEntities('bag')).toHaveLength(before);

    const accepted = await service.importCsv(admin, 'bag', csv, { acceptValid: true });
    expect(accepted).toMatchObject({ valid: 1, rejectedRows: 2, inserted: 1, unchanged: 0, applied: true, rowCount: before + 1 });
    expect(await registerEntities('bag')).toHaveLength(before + 1);
  });

  it('never applies a file error, even with acceptValid and replace', async () => {
    const report = await service.importCsv(admin, 'bag', 'nummeraanduiding_id;straat\n1;x', { acceptValid: true, replace: true });
    expect(report).toMatchObject({ fileError: true, applied: false, removed: 0 });
    expect(await registerEntities('bag')).toHaveLength(4);
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const before = await registerEntities('brp');
    const report = await service.importCsv(admin, 'brp', BRP);
    expect(report).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2, removed: 0, applied: true, rowCount: 2 });
    const after = await registerEntities('brp');
    expect(after.map((e) => [e.id, e.data, e.contentHash]).sort()).toEqual(before.map((e) => [e.id, e.data, e.contentHash]).sort());
  });

  it('updates a changed row in place: same id, new data and keys, and a confirmed link to it survives', async () => {
    const key = externalKeyOf(ctx.vault, ctx.municipality.id, 'brp', BSN[1]);
    const target = (await registerEntities('brp')).find((e) => e.externalKey === key)!;
    const [mention] = await insertEntities(ctx.database.db, ctx.vault, [
      { municipalityId: ctx.municipality.id, kind: 'person', data: { name: 'Fatima Zwartewaal' }, origin: 'coordinator', createdById: ctx.userIds.coordinator },
    ]);
    await upsertLink(ctx.database.db, {
      municipalityId: ctx.municipality.id,
      entityId: mention!,
      candidateId: target.id,
      decision: 'confirmed',
      score: 0.9,
      reasons: ['name'],
      decidedById: ctx.userIds.coordinator,
      decidedAt: ctx.clock.now(),
    });
    const keysBefore = await ctx.database.db.select().from(entityKeys).where(eq(entityKeys.entityId, target.id));

    const moved = BRP.replace(`${BSN[1]};Fatima;;Zwartewaal;1992-01-31;V;;;`, `${BSN[1]};Fatima;;Zwartewaal;1992-01-31;V;3411CD;9;Lopik`);
    const report = await service.importCsv(coordinatorActor, 'brp', moved);
    expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, applied: true, rowCount: 2 });
    const updated = (await registerEntities('brp')).find((e) => e.externalKey === key)!;
    expect(updated.id).toBe(target.id);
    expect(updated.plain.addresses).toEqual([{ postcode: '3411CD', houseNumber: '9', addition: null }]);
    expect(updated.contentHash).not.toBe(target.contentHash);
    const keysAfter = await ctx.database.db.select().from(entityKeys).where(eq(entityKeys.entityId, target.id));
    expect(keysAfter.length).toBeGreaterThan(keysBefore.length);
    const links = await ctx.database.db.select().from(entityLinks).where(eq(entityLinks.candidateId, target.id));
    expect(links).toHaveLength(1);
    expect(links[0]!.decision).toBe('confirmed');
    const [reg] = await ctx.database.db.select().from(registers).where(eq(registers.kind, 'brp'));
    expect(reg!.importedById).toBe(ctx.userIds.coordinator);
  });

  it('with replace, removes the records no longer in the file (a dry run only counts them); a rejected row with a valid id is kept', async () => {
    const three = [
      'kenmerk;onderwerp;naam',
      'Z-2026-001;exploitatievergunning;Massagesalon Lotus',
      'Z-2026-002;exploitatievergunning;',
    ].join('\n');
    const dry = await service.importCsv(admin, 'permits', three, { replace: true, dryRun: true, acceptValid: true });
    expect(dry).toMatchObject({ removed: 2, applied: false, rejectedRows: 1 });
    expect(await registerEntities('permits')).toHaveLength(4);
    const report = await service.importCsv(admin, 'permits', three, { replace: true, acceptValid: true });
    expect(report).toMatchObject({ valid: 1, rejectedRows: 1, updated: 1, removed: 2, applied: true, rowCount: 2 });
    const left = (await registerEntities('permits')).map((e) => e.plain.details?.kenmerk).sort();
    expect(left).toEqual(['Z-2026-001', 'Z-2026-002']);
  });

  it('keeps the BSN and the names out of the database in clear, and audits counts only', async () => {
    const dump = await queryRows<{ t: string }>(
      ctx.database,
      sql`select string_agg(x, '|') as t from (
            select e::text as x from entities e
            union all select k::text from entity_keys k
            union all select r::text from registers r
            union all select a::text from audit_log a) s`,
    );
    const text = dump[0]!.t;
    for (const secret of [...BSN.slice(0, 2), 'Bergkamp', 'Zwartewaal', 'Jan Pieter', 'Dorpsstraat', 'Schoonmaak Snel', 'horeca', '3411AB', '3411 AB']) {
      expect(text, secret).not.toContain(secret);
    }
    const entries = await auditEntries(ctx.database, { action: 'register.import' });
    expect(entries.length).toBeGreaterThanOrEqual(10);
    // Applied imports, and refused files (rejected rows without acceptValid, a file error); dry runs are not recorded.
    expect(entries.filter((e) => e.result === 'invalid').map((e) => e.details?.fileError)).toEqual([false, true]);
    for (const e of entries) {
      expect(['ok', 'invalid']).toContain(e.result);
      for (const [k, v] of Object.entries(e.details ?? {})) {
        expect(['kind', 'rows', 'valid', 'rejected', 'inserted', 'updated', 'unchanged', 'removed', 'acceptValid', 'replace', 'via', 'fileError']).toContain(k);
        if (typeof v === 'string') expect(['web', 'cli', 'bag', 'brp', 'kvk', 'permits', 'bibob', 'labour_housing', 'enforcement']).toContain(v);
      }
    }
  });

  it('refuses roles without the permission (audited)', async () => {
    const analyst: Actor = { ...admin, userId: ctx.userIds.analyst, role: 'analyst' };
    await expect(service.importCsv(analyst, 'bag', BAG)).rejects.toMatchObject({ statusCode: 403 });
    const denied = await auditEntries(ctx.database, { action: 'register.import', actorId: ctx.userIds.analyst });
    expect(denied.map((e) => e.result)).toEqual(['denied']);
  });
});

describe('register import look-up (query plan)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  /** Every node of an EXPLAIN (FORMAT JSON) plan, depth first. */
  type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
  const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

  async function explain(tx: DbOrTx, query: SQL): Promise<PlanNode[]> {
    const [row] = await rawRows<Record<string, unknown>>(tx, sql`explain (analyze, format json) ${query}`);
    const value = Object.values(row!)[0];
    const plan = (typeof value === 'string' ? JSON.parse(value) : value) as { Plan: PlanNode }[];
    return nodesOf(plan[0]!.Plan);
  }

  // The first import of a register: inside its transaction `entities` has no statistics for the rows it wrote
  // (autovacuum cannot see them, and is off on the benchmark machine), which is when the plain
  // `external_key = any($2)` form was planned as a scan of the whole register (docs/benchmarks.md section 5).
  it('probes the unique index once per key inside an import transaction, never scanning the register', async () => {
    const ROWS = 20_000;
    const keys = Array.from({ length: 1000 }, (_, i) => `k${(i * 37) % (ROWS * 2)}`); // half of them stored
    class Done extends Error {}
    let checked = false;
    await ctx.database.db
      .transaction(async (tx) => {
        const registerId = await ensureRegister(tx, ctx.municipality.id, 'enforcement');
        await tx.execute(sql`
          insert into entities (id, municipality_id, kind, register_id, external_key, content_hash, data, origin)
          select gen_random_uuid(), ${ctx.municipality.id}::uuid, 'address', ${registerId}::uuid, 'k' || g, 'h' || g, 'x', 'register'
            from generate_series(0, ${ROWS - 1}) as g`);

        const nodes = await explain(tx, externalKeysQuery(registerId, keys));
        const scans = nodes.filter((n) => n['Relation Name'] === 'entities');
        expect(scans).toHaveLength(1);
        const scan = scans[0]!;
        expect(['Index Scan', 'Index Only Scan']).toContain(scan['Node Type']);
        expect(scan['Index Name']).toBe('entities_register_external_uq');
        expect(String(scan['Index Cond'])).toMatch(/register_id = /);
        expect(String(scan['Index Cond'])).toMatch(/external_key = k\.external_key/);
        expect(scan.Filter).toBeUndefined();
        // One probe per key, each finding at most one row: about 1000 rows read, not 20 000.
        expect(Number(scan['Actual Loops'])).toBe(keys.length);
        expect(Number(scan['Actual Rows'])).toBeLessThanOrEqual(1);
        expect(nodes.some((n) => Number(n['Rows Removed by Filter'] ?? 0) > 0)).toBe(false);

        // And the answer is right: the stored half of the keys, with their content hashes.
        const found = await findByExternalKeys(tx, registerId, keys);
        const stored = keys.filter((k) => Number(k.slice(1)) < ROWS);
        expect([...found.keys()].sort()).toEqual(stored.sort());
        expect(found.get('k37')?.contentHash).toBe('h37');
        checked = true;
        throw new Done();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Done)) throw e;
      });
    expect(checked).toBe(true);
  });

  it('refreshes the planner statistics after a large applied import (not after a dry run)', async () => {
    const reltuples = async () =>
      Number((await queryRows<{ n: number | string }>(ctx.database, sql`select reltuples as n from pg_class where relname = 'entities'`))[0]!.n);
    const count = async () => Number((await queryRows<{ n: number | string }>(ctx.database, sql`select count(*) as n from entities`))[0]!.n);
    const service = createRegisterService({ db: ctx.database.db, clock: ctx.clock, vault: ctx.vault });
    const options = { municipalityId: ctx.municipality.id, analyzeAfterRows: 3 };
    await service.importCsv(null, 'bag', BAG, { ...options, dryRun: true });
    expect(await reltuples()).not.toBe(await count());
    const report = await service.importCsv(null, 'bag', BAG, options);
    expect(report).toMatchObject({ inserted: 3, applied: true });
    expect(await reltuples()).toBe(await count());
  });
});

describe('register import over HTTP', () => {
  let ctx: TestContext;
  let admin: Client;
  let coordinator: Client;
  const csv = (client: Client, url: string, body: string) =>
    client.request({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/csv; charset=utf-8' } });

  beforeAll(async () => {
    ctx = await createTestContext();
    [admin, coordinator] = await Promise.all([ctx.login('admin'), ctx.login('coordinator')]);
  });
  afterAll(async () => ctx.close());

  it('refuses the reporter and the analyst (403), also for the list', async () => {
    for (const user of ['reporter', 'analyst', 'deputy'] as const) {
      const client = await ctx.login(user);
      expect((await csv(client, '/api/admin/registers/bag/import?mode=apply', BAG)).statusCode, user).toBe(403);
      expect((await client.get('/api/admin/registers')).statusCode, user).toBe(403);
    }
  });

  it('dry run by default, then apply, for the admin and the coordinator; the list shows the counts', async () => {
    const dry = expectStatus(await csv(admin, '/api/admin/registers/bag/import', BAG), 200).json();
    expect(dry).toMatchObject({ kind: 'bag', rows: 3, inserted: 3, dryRun: true, applied: false, rowCount: 0 });
    const applied = expectStatus(await csv(coordinator, '/api/admin/registers/bag/import?mode=apply&acceptValid=false&replace=false', BAG), 200).json();
    expect(applied).toMatchObject({ rows: 3, inserted: 3, applied: true, rowCount: 3 });
    const list = expectStatus(await admin.get('/api/admin/registers'), 200).json() as { kind: string; rowCount: number; importedAt: string | null }[];
    expect(list).toHaveLength(7);
    expect(list.find((r) => r.kind === 'bag')).toEqual({ kind: 'bag', rowCount: 3, importedAt: expect.any(String) });
    expect(list.find((r) => r.kind === 'brp')).toEqual({ kind: 'brp', rowCount: 0, importedAt: null });
    expectStatus(await coordinator.get('/api/admin/registers'), 200);
  });

  it('answers 400 with field errors for a bad kind or bad query parameters, and for a JSON body', async () => {
    const badKind = await csv(admin, '/api/admin/registers/kadaster/import', BAG);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().fields).toContainEqual(expect.objectContaining({ path: 'params.kind', key: 'v.choice' }));
    const badQuery = await csv(admin, '/api/admin/registers/bag/import?mode=now&acceptValid=ja', BAG);
    expect(badQuery.statusCode).toBe(400);
    const paths = badQuery.json().fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['querystring.mode', 'querystring.acceptValid']));
    const json = await admin.post('/api/admin/registers/bag/import', { csv: BAG });
    expect(json.statusCode).toBe(400);
  });

  it('accepts a file over the general body limit and refuses one over 50 MB with 413', async () => {
    const row = '0331200000000001;Dorpsstraat;1;;;3411 AB;Lopik;Lopik;woonfunctie\r\n';
    const rows = Array.from({ length: 9000 }, (_, i) => row.replace('0331200000000001', `03312${String(i).padStart(11, '0')}`)).join('');
    const mid = bag([]) + '\r\n' + rows;
    expect(mid.length).toBeGreaterThan(512 * 1024);
    const ok = expectStatus(await csv(admin, '/api/admin/registers/bag/import', mid), 200).json();
    expect(ok).toMatchObject({ rows: 9000, valid: 9000, dryRun: true });
    const huge = 'x'.repeat(REGISTER_IMPORT_BODY_BYTES + 1);
    const res = await csv(admin, '/api/admin/registers/bag/import', huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
  });
});

describe('meldroute import (CLI)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const output: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'meldroute-import-'));
    env = { MELDROUTE_DATA_DIR: dir, NODE_ENV: 'test' };
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exit code 0 when applied, 1 when rejected rows prevent it, 2 on usage errors; prints line, column and reason', async () => {
    const good = path.join(dir, 'bag.csv');
    const bad = path.join(dir, 'brp.csv');
    writeFileSync(good, BAG);
    writeFileSync(bad, `${BRP}\n123456781;Piet;;Visser;1970-01-01;M;;;`);
    output.length = 0;
    expect(await run(['import', 'bag', good], env)).toBe(0);
    expect(output.join('\n')).toMatch(/3 rows read, 3 valid, 0 rejected/);
    expect(output.join('\n')).toMatch(/now holds 3 records/);

    output.length = 0;
    expect(await run(['import', 'brp', bad], env)).toBe(1);
    const printed = output.join('\n');
    expect(printed).toMatch(/line 4, bsn: geen geldig BSN/);
    expect(printed).toMatch(/Nothing was applied/);
    expect(printed).not.toContain('123456781');
    expect(await run(['import', 'brp', bad, '--dry-run'], env)).toBe(1);
    expect(await run(['import', 'brp', bad, '--dry-run', '--accept-valid'], env)).toBe(0);
    expect(await run(['import', 'brp', bad, '--accept-valid'], env)).toBe(0);
    expect(output.join('\n')).toMatch(/now holds 2 records/);

    expect(await run(['import', 'kadaster', good], env)).toBe(2);
    expect(await run(['import', 'bag'], env)).toBe(2);
    expect(await run(['import', 'bag', path.join(dir, 'missing.csv')], env)).toBe(2);
    expect(await run(['import', 'bag', good, '--everything'], env)).toBe(2);
  });
});
