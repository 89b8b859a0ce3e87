import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';
import { MIGRATIONS_DIR, runMigrations } from '../../db/migrate.js';
import { auditLog } from '../../db/schema/index.js';
import { buildSignal } from '../../testing/factories.js';
import { auditEntries, countRows, expectStatus, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { canonicalEntry, canonicalJson, entryHash, GENESIS_HASH, type ChainedFields } from './audit-chain.js';
import { audit, verifyAuditChain } from './audit.service.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Act as a database superuser: switch the append-only trigger off for one
 * transaction (ALTER TABLE … DISABLE TRIGGER, or session_replication_role,
 * which only a superuser may set), run `statement`, switch it on again.
 */
async function asSuperuser(database: Database, statement: ReturnType<typeof sql>, via: 'disable_trigger' | 'replication_role' = 'disable_trigger') {
  await database.db.transaction(async (tx) => {
    if (via === 'disable_trigger') await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    else await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
    if (via === 'disable_trigger') await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
  });
}

/** Every entry, in chain order. */
const chain = (ctx: TestContext) => ctx.database.db.select().from(auditLog).orderBy(auditLog.seq);

describe('tamper-evident audit trail (hash chain)', () => {
  let ctx: TestContext;
  const clients = {} as Record<TestUserKey, Client>;

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const key of ['reporter', 'liaison', 'coordinator', 'meldcode', 'analyst', 'admin'] as const) clients[key] = await ctx.login(key);
    // Entries through real API calls: the route, refusals, admin changes and a failed login.
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    const s = await registeredSignal(clients.reporter, clients.coordinator, { victimInvolved: 'yes' });
    await clients.coordinator.get(`/api/signals/${s.id}`);
    expectStatus(await clients.coordinator.post(`/api/signals/${s.id}/referrals`, { partnerId: partners.meldcode, referredOn: '2026-11-28', channel: 'in_person' }), 201);
    await clients.meldcode.get(`/api/signals/${s.id}`);
    await clients.analyst.get(`/api/signals/${s.id}`); // denied
    await clients.admin.patch(`/api/admin/users/${ctx.userIds.analyst}`, { role: 'liaison' });
    await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reporter', password: 'not the password at all' } });
  });
  afterAll(async () => ctx?.close());

  it('links every entry to the one before it, in an unbroken sequence, and verify reports OK', async () => {
    const rows = await chain(ctx);
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);

    const result = await verifyAuditChain(ctx.database.db);
    expect(result).toEqual({ ok: true, count: rows.length, head: { seq: rows.length, hash: rows.at(-1)!.hash }, broken: null });
    // Small pages walk the same chain.
    expect(await verifyAuditChain(ctx.database.db, { pageSize: 3 })).toEqual(result);
  });

  it('the tamper test: one row altered with superuser rights is named by verify, with expected and stored hash', async () => {
    const [read] = await auditEntries(ctx.database, { action: 'signal.read', actorId: ctx.userIds.analyst });
    expect(read?.result).toBe('denied');
    // The plain UPDATE is refused by the trigger (audit.test.ts); a superuser can switch it off.
    await asSuperuser(ctx.database, sql`update audit_log set result = 'ok' where id = ${read!.id}`);
    const [altered] = await auditEntries(ctx.database, { action: 'signal.read', actorId: ctx.userIds.analyst });
    expect(altered?.result).toBe('ok');

    const result = await verifyAuditChain(ctx.database.db);
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual({ kind: 'altered', seq: read!.seq, id: read!.id, expectedHash: expect.stringMatching(/^[0-9a-f]{64}$/), storedHash: read!.hash });
    expect(result.broken).not.toMatchObject({ expectedHash: read!.hash });
    expect(result.count).toBe(read!.seq - 1);
    expect(result.head?.seq).toBe(read!.seq - 1);

    // Putting the original value back makes the chain whole again: the hash pins the exact content.
    await asSuperuser(ctx.database, sql`update audit_log set result = 'denied' where id = ${read!.id}`);
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });

  it('detects every kind of field change, and a re-hashed row breaks the link to the next one', async () => {
    const rows = await chain(ctx);
    const target = rows[Math.floor(rows.length / 2)]!;
    const changes = [
      sql`update audit_log set actor_id = ${ctx.userIds.admin} where id = ${target.id}`,
      sql`update audit_log set action = 'signal.list' where id = ${target.id}`,
      sql`update audit_log set at = at + interval '1 second' where id = ${target.id}`,
      sql`update audit_log set ip = '203.0.113.9' where id = ${target.id}`,
      sql`update audit_log set details = '{"count": 99}'::jsonb where id = ${target.id}`,
      sql`update audit_log set object_id = null where id = ${target.id}`,
    ];
    const original = (await queryRows<Record<string, unknown>>(ctx.database, sql`select actor_id, action, at, ip, details::text as details, object_id from audit_log where id = ${target.id}`))[0]!;
    for (const change of changes) {
      await asSuperuser(ctx.database, change);
      const result = await verifyAuditChain(ctx.database.db);
      expect(result.broken, String(change.queryChunks[0])).toMatchObject({ kind: 'altered', seq: target.seq, id: target.id });
      await asSuperuser(
        ctx.database,
        sql`update audit_log set actor_id = ${original.actor_id}, action = ${original.action}, at = ${original.at}, ip = ${original.ip},
            details = ${original.details}::jsonb, object_id = ${original.object_id} where id = ${target.id}`,
      );
      expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
    }

    // A smarter attacker also recomputes the altered row's hash: then the next row no longer links to it.
    const forged: ChainedFields = {
      seq: target.seq,
      prevHash: target.prevHash,
      at: target.at.toISOString(),
      municipalityId: target.municipalityId,
      actorId: target.actorId,
      actorRole: target.actorRole,
      action: 'tampered',
      objectType: target.objectType,
      objectId: target.objectId,
      result: target.result,
      ip: target.ip,
      userAgent: target.userAgent,
      details: target.details,
    };
    await asSuperuser(ctx.database, sql`update audit_log set action = 'tampered', hash = ${entryHash(forged)} where id = ${target.id}`);
    const next = rows.find((r) => r.seq === target.seq + 1)!;
    expect((await verifyAuditChain(ctx.database.db)).broken).toEqual({
      kind: 'relinked',
      seq: next.seq,
      id: next.id,
      expectedPrevHash: entryHash(forged),
      storedPrevHash: target.hash,
    });
    await asSuperuser(ctx.database, sql`update audit_log set action = ${target.action}, hash = ${target.hash} where id = ${target.id}`);
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });

  it('detects a row deleted from the middle of the chain', async () => {
    const rows = await chain(ctx);
    const victim = rows[5]!;
    const next = rows[6]!;
    const before = await queryRows<Record<string, unknown>>(ctx.database, sql`select * from audit_log where id = ${victim.id}`);
    // DELETE is refused too; session_replication_role (superuser only) skips the trigger.
    await asSuperuser(ctx.database, sql`delete from audit_log where id = ${victim.id}`, 'replication_role');
    expect(await countRows(ctx.database, 'audit_log')).toBe(rows.length - 1);

    const result = await verifyAuditChain(ctx.database.db);
    expect(result).toMatchObject({ ok: false, count: victim.seq - 1 });
    expect(result.broken).toEqual({
      kind: 'gap',
      seq: next.seq,
      id: next.id,
      expectedSeq: victim.seq,
      expectedPrevHash: rows[4]!.hash,
      storedPrevHash: victim.hash,
    });

    // Put the row back exactly as it was; the chain is whole again.
    const r = before[0]!;
    await asSuperuser(
      ctx.database,
      sql`insert into audit_log (id, seq, prev_hash, hash, municipality_id, actor_id, actor_role, action, object_type, object_id, result, ip, user_agent, details, at)
          values (${r.id}, ${r.seq}, ${r.prev_hash}, ${r.hash}, ${r.municipality_id}, ${r.actor_id}, ${r.actor_role}, ${r.action}, ${r.object_type}, ${r.object_id},
                  ${r.result}, ${r.ip}, ${r.user_agent}, ${r.details === null ? null : JSON.stringify(r.details)}::jsonb, ${r.at}::timestamptz)`,
    );
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });

  it('detects a row that was slipped in with a duplicate seq, and a recorded anchor that is gone', async () => {
    const rows = await chain(ctx);
    const head = { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash };
    expect((await verifyAuditChain(ctx.database.db, { anchor: head })).ok).toBe(true);
    expect((await verifyAuditChain(ctx.database.db, { anchor: { seq: 3, hash: rows[2]!.hash } })).ok).toBe(true);
    expect((await verifyAuditChain(ctx.database.db, { anchor: { seq: 3, hash: rows[3]!.hash } })).broken).toEqual({
      kind: 'anchor',
      seq: 3,
      expectedHash: rows[3]!.hash,
      storedHash: rows[2]!.hash,
    });
    // Removing the last entry leaves a valid-looking chain: only an anchor recorded before shows it.
    await asSuperuser(ctx.database, sql`delete from audit_log where seq = ${head.seq}`, 'replication_role');
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
    expect((await verifyAuditChain(ctx.database.db, { anchor: head })).broken).toEqual({ kind: 'anchor', seq: head.seq, expectedHash: head.hash, storedHash: null });

    // A duplicate of an existing seq (after dropping the unique index) is outside the chain.
    await ctx.database.db.execute(sql`drop index audit_seq_idx`);
    await ctx.database.db.execute(sql`insert into audit_log (seq, prev_hash, hash, action, object_type, result)
      select seq, prev_hash, hash, action, object_type, result from audit_log where seq = 2`);
    const [copy] = await queryRows<{ id: string }>(ctx.database, sql`select max(id)::text as id from audit_log where seq = 2`);
    expect((await verifyAuditChain(ctx.database.db)).broken).toEqual({ kind: 'duplicate', seq: 2, id: Number(copy!.id) });
    // Also when the copy is the first row of a page.
    expect((await verifyAuditChain(ctx.database.db, { pageSize: 2 })).broken).toEqual({ kind: 'duplicate', seq: 2, id: Number(copy!.id) });
  });
});

describe('appends stay one linear chain under concurrency', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;

  beforeAll(async () => {
    ctx = await createTestContext();
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
  });
  afterAll(async () => ctx?.close());

  it(`keeps a valid chain with 20 parallel submissions and reads (${onPostgres ? 'PostgreSQL, several connections' : 'PGlite'})`, async () => {
    const before = await countRows(ctx.database, 'audit_log');
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => reporter.post('/api/signals', buildSignal({ place: `Balie ${i}` }))),
      ...Array.from({ length: 10 }, () => coordinator.get('/api/signals')),
    ]);
    for (const res of responses) expect(res.statusCode, res.body).toBeLessThan(300);
    const rows = await chain(ctx);
    expect(rows.length).toBe(before + 30);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true, count: rows.length });
    // The signal numbers stayed unique too.
    const numbers = responses.slice(0, 20).map((r) => (r.json() as { number: string }).number);
    expect(new Set(numbers).size).toBe(20);
  });

  it('keeps a valid chain when many entries are written at once, each in its own transaction', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => audit(ctx.database.db, null, { action: 'test.parallel', objectType: 'test', objectId: String(i), result: 'ok', details: { i } })),
    );
    const result = await verifyAuditChain(ctx.database.db);
    expect(result.ok).toBe(true);
    expect(result.count).toBe(await countRows(ctx.database, 'audit_log'));
  });

  it('a rolled-back change leaves no entry and no gap', async () => {
    const s = await submitSignal(reporter);
    // Closing a received signal is refused inside the transaction: rolled back, then audited as invalid.
    const res = await coordinator.post(`/api/signals/${s.id}/close`, { outcome: 'no_grounds' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const [refused] = await auditEntries(ctx.database, { action: 'signal.close', objectId: s.id });
    expect(refused?.result).toBe('invalid');
    const result = await verifyAuditChain(ctx.database.db);
    expect(result).toMatchObject({ ok: true, count: await countRows(ctx.database, 'audit_log') });
  });
});

/** A database migrated to just before the hash chain, for the backfill test. */
async function databaseBeforeChain(): Promise<{ database: Database; migrateTo0001(): Promise<void>; dispose(): Promise<void> }> {
  // The migrations folder as it was before 0002: the first two entries of the journal.
  const dir = mkdtempSync(path.join(tmpdir(), 'meldroute-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag === '0000_init' || e.tag === '0001_audit_append_only');
  writeFileSync(journalPath, JSON.stringify(journal));

  const url = process.env.DATABASE_URL;
  let database: Database;
  let drop = async () => undefined as void;
  if (!url) {
    database = await openDatabase({ kind: 'pglite' });
  } else {
    const name = `meldroute_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    database = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 3 });
    drop = async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  return {
    database,
    async migrateTo0001() {
      const config = { migrationsFolder: dir };
      if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase<Record<string, never>>, config);
      else await migratePg(database.db as unknown as NodePgDatabase<Record<string, never>>, config);
    },
    async dispose() {
      await database.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('entries written before the chain existed', () => {
  it('are chained by the migration, in id order, with the same canonical form as the application', async () => {
    const { database, migrateTo0001, dispose } = await databaseBeforeChain();
    try {
      await migrateTo0001();
      // Entries as the old code wrote them: database time with microseconds, details in any key order,
      // and text that needs escaping in JSON.
      const legacy = [
        sql`insert into audit_log (municipality_id, actor_id, actor_role, action, object_type, object_id, result, ip, user_agent, details, at)
            values ('3F388A4C-5C4B-400A-BA15-A3CFE4F26FEF', null, null, 'municipality.seed', 'municipality', '3f388a4c-5c4b-400a-ba15-a3cfe4f26fef', 'ok', null, null, null, '2026-11-28 10:00:00.123999+00')`,
        sql`insert into audit_log (municipality_id, actor_id, actor_role, action, object_type, object_id, result, ip, user_agent, details, at)
            values ('3f388a4c-5c4b-400a-ba15-a3cfe4f26fef', 'b6f0c1de-0000-4000-8000-000000000001', 'coordinator', 'signal.list', 'signal', null, 'ok', '198.51.100.7',
                    ${'Mozilla/5.0 "quoted" back\\slash \ttab\nnewline \u0001 é 中文 🙂 \u2028'}, '{"z": 1, "count": 12, "a": "x\\"y", "flag": true, "none": null}', '2026-11-28 10:00:01.999999+00')`,
        sql`insert into audit_log (action, object_type, result, details, at) values ('auth.login', 'user', 'denied', '{}', '1999-12-31 23:59:59.9995+01')`,
        sql`insert into audit_log (action, object_type, result, details) values ('signal.read', 'signal', 'not_found', '{"Z": 0, "ä": -3, "_": "ü"}')`,
      ];
      for (const statement of legacy) await database.db.execute(statement);

      await runMigrations(database); // 0002 (and anything after it)

      const rows = await database.db.select().from(auditLog).orderBy(auditLog.id);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
      const result = await verifyAuditChain(database.db);
      expect(result).toMatchObject({ ok: true, count: 4, head: { seq: 4, hash: rows[3]!.hash } });

      // The application continues the same chain.
      await audit(database.db, null, { action: 'test.after_migration', objectType: 'test', result: 'ok', details: { n: 1 } });
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 5 });

      // The append-only trigger is back on after the backfill.
      await expect(database.db.execute(sql`update audit_log set result = 'ok'`)).rejects.toThrow();
    } finally {
      await dispose();
    }
  });
});

describe('canonical form', () => {
  const base: ChainedFields = {
    seq: 1,
    prevHash: GENESIS_HASH,
    at: '2026-11-28T10:00:00.000Z',
    municipalityId: null,
    actorId: null,
    actorRole: null,
    action: 'a',
    objectType: 'o',
    objectId: null,
    result: 'ok',
    ip: null,
    userAgent: null,
    details: null,
  };

  it('is independent of key order in details and covers every field', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { y: 2, x: undefined } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2}}');
    expect(entryHash({ ...base, details: { a: 1, b: 2 } })).toBe(entryHash({ ...base, details: { b: 2, a: 1 } }));
    expect(canonicalEntry(base)).toBe(`["meldroute-audit-v1",1,"${GENESIS_HASH}","2026-11-28T10:00:00.000Z",null,null,null,"a","o",null,"ok",null,null,null]`);
    const variants: Partial<ChainedFields>[] = [
      { seq: 2 },
      { prevHash: '1'.repeat(64) },
      { at: '2026-11-28T10:00:00.001Z' },
      { municipalityId: 'm' },
      { actorId: 'u' },
      { actorRole: 'admin' },
      { action: 'b' },
      { objectType: 'p' },
      { objectId: 'x' },
      { result: 'denied' },
      { ip: '::1' },
      { userAgent: 'ua' },
      { details: {} },
      { objectId: '' },
    ];
    const hashes = new Set([entryHash(base), ...variants.map((v) => entryHash({ ...base, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('stores what it hashes: a user agent cut in the middle of a character or with NUL still verifies', async () => {
    const ctx = await createTestContext();
    try {
      const ua = `${'x'.repeat(299)}🙂 and more`; // slice(0, 300) cuts the emoji in half
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reporter', password: 'wrong password here' }, headers: { 'user-agent': ua } });
      expect(res.statusCode).toBe(401);
      const c = await ctx.login('coordinator');
      expectStatus(await c.request({ method: 'GET', url: '/api/signals', headers: { 'user-agent': `${'y'.repeat(299)}🙂` } }), 200);
      const [stored] = await auditEntries(ctx.database, { action: 'signal.list' });
      expect(stored!.userAgent).toBe(`${'y'.repeat(299)}\uFFFD`);
      await audit(ctx.database.db, null, { action: 'test.nul', objectType: 'test', objectId: 'a\u0000b', result: 'ok', details: { s: 'c\u0000d\uD800' } });
      expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true });
    } finally {
      await ctx.close();
    }
  });
});
