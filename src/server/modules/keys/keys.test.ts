import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import { addActiveKey, generateKeyring, readKeyFile, withoutKeys, writeKeyFile } from '../../crypto/keyring.js';
import { fileKeySource, keyIdOf, placeOf, staticKeySource, Vault } from '../../crypto/vault.js';
import { openDatabase } from '../../db/client.js';
import { signalHistory, signals } from '../../db/schema/index.js';
import { buildSignal } from '../../testing/factories.js';
import { auditEntries, expectStatus, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { queryRows } from '../../testing/test-database.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { createKeysService } from './keys.service.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mr-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key rotation without downtime', () => {
  const keyFile = path.join(dir, 'keys.json');
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let vault: Vault;

  beforeAll(async () => {
    writeKeyFile(keyFile, generateKeyring(new Date('2026-01-01T00:00:00Z')));
    vault = new Vault(fileKeySource(keyFile, 0)); // the app notices a changed key file at once
    ctx = await createTestContext({ vault });
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
  });
  afterAll(async () => ctx?.close());

  it('re-encrypts everything with the new key while signals keep coming in and being read', async () => {
    const before = await Promise.all(Array.from({ length: 12 }, (_, i) => registeredSignal(reporter, coordinator, { explanation: `Voor de rotatie ${i}` })));
    const keys = createKeysService({ database: ctx.database, vault });
    const oldKey = vault.activeKeyId;
    expect((await keys.status()).values.map((v) => v.keyId)).toEqual([oldKey]);

    // Rotate: a new active key in the key file (as `meldroute keys rotate` does), then re-encrypt while the app serves.
    const rotated = addActiveKey(readKeyFile(keyFile));
    writeKeyFile(keyFile, rotated);
    const traffic = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        statuses.push((await reporter.post('/api/signals', buildSignal({ explanation: `Tijdens de rotatie ${i}` }))).statusCode);
        statuses.push((await coordinator.get(`/api/signals/${before[i % before.length]!.id}`)).statusCode);
      }
      return statuses;
    })();
    const [result, statuses] = await Promise.all([keys.reencryptAll(), traffic]);
    expect(statuses.every((s) => s === 201 || s === 200), statuses.join(',')).toBe(true);
    expect(result.reencrypted).toBeGreaterThan(12 * 5);

    const status = await keys.status();
    expect(status.activeKeyId).toBe(rotated.activeKeyId);
    expect(status.values.map((v) => v.keyId)).toEqual([rotated.activeKeyId]);

    // The old key can go: with only the new key every signal still reads.
    writeKeyFile(keyFile, withoutKeys(readKeyFile(keyFile), [oldKey]));
    expect([...readKeyFile(keyFile).keys.keys()]).toEqual([rotated.activeKeyId]);
    for (const s of before) {
      const d = expectStatus(await coordinator.get(`/api/signals/${s.id}`), 200).json();
      expect(d.content.explanation).toMatch(/^Voor de rotatie \d+$/);
      expect(d.content.persons[0].fullName).toBe('Jan van der Berg');
    }
    const mine = expectStatus(await reporter.get('/api/my/signals'), 200).json();
    expect(mine).toHaveLength(22); // blind indexes are not affected by a data-key rotation

    const audited = await auditEntries(ctx.database, { action: 'keys.reencrypt' });
    expect(audited.at(-1)).toMatchObject({ result: 'ok', objectId: rotated.activeKeyId });
    expect(JSON.stringify(audited.at(-1)!.details)).toMatch(/"reencrypted":\d+/);
  });
});

describe('rows written before encryption at rest', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  beforeAll(async () => {
    ctx = await createTestContext();
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
  });
  afterAll(async () => ctx?.close());

  it('are encrypted at startup: values, blind indexes, the reporter link and the submission history', async () => {
    const { id } = await submitSignal(reporter, { explanation: 'Oude toelichting', persons: [{ fullName: 'Oud Persoon', email: 'oud@voorbeeld.nl' }] });
    // Turn the signal back into what the previous version stored: plaintext, plain reporter columns, no keys.
    const db = ctx.database.db;
    await db.update(signals).set({ explanation: 'Oude toelichting', place: 'Oude plek', reporterRef: null, reporterKey: null, submitterKey: null, legacyReporterId: ctx.userIds.reporter, legacySubmittedById: ctx.userIds.reporter }).where(eq(signals.id, id));
    await db.execute(sql`update signal_persons set full_name = 'Oud Persoon', email = 'oud@voorbeeld.nl', name_key = null, email_key = null where signal_id = ${id}`);
    await db.execute(sql`update signal_addresses set postcode = '3411 AB', house_number = '7', addition = 'A', address_key = null where signal_id = ${id}`);
    await db.update(signalHistory).set({ actorId: ctx.userIds.reporter }).where(eq(signalHistory.signalId, id));

    const changed = await createKeysService({ database: ctx.database, vault: ctx.vault }).upgradeLegacyData();
    expect(changed).toBeGreaterThan(5);

    const [row] = await queryRows<Record<string, string | null>>(ctx.database, sql`select * from signals where id = ${id}`);
    expect(row).toMatchObject({ reporter_id: null, submitted_by_id: null });
    expect(keyIdOf(row!.explanation!)).toBe(ctx.vault.activeKeyId);
    expect(ctx.vault.decrypt(row!.place!, placeOf('signals', 'place', id))).toBe('Oude plek');
    const [person] = await queryRows<Record<string, string | null>>(ctx.database, sql`select * from signal_persons where signal_id = ${id}`);
    expect(person!.full_name).toMatch(/^mr1:/);
    expect(person!.name_key).toBe(blindKeys(ctx.vault).personName('Oud Persoon'));
    expect(person!.email_key).toBe(blindKeys(ctx.vault).email('OUD@voorbeeld.nl'));
    const [history] = await queryRows<{ actor_id: string | null }>(ctx.database, sql`select actor_id from signal_history where signal_id = ${id}`);
    expect(history!.actor_id).toBeNull();

    const d = expectStatus(await coordinator.get(`/api/signals/${id}`), 200).json();
    expect(d.content).toMatchObject({ explanation: 'Oude toelichting', place: 'Oude plek' });
    expect(d.content.addresses[0]).toMatchObject({ postcode: '3411 AB', houseNumber: 7, addition: 'A' });
    expect(d.reporter).toMatchObject({ id: ctx.userIds.reporter });
    expect(expectStatus(await reporter.get('/api/my/signals'), 200).json().map((s: { id: string }) => s.id)).toContain(id);
    // A second start finds nothing to do.
    expect(await createKeysService({ database: ctx.database, vault: ctx.vault }).upgradeLegacyData()).toBe(0);
  });

  it('the startup step leaves values under keys it does not know alone (an instance with an older key file)', async () => {
    const newer = new Vault(staticKeySource(addActiveKey(generateKeyring())));
    const keys = createKeysService({ database: ctx.database, vault: newer });
    // No plaintext left, so the startup step changes nothing even under another (unknown) key.
    expect(await keys.upgradeLegacyData()).toBe(0);
  });
});

describe('meldroute keys (CLI)', () => {
  it('init creates a key file once; rotate adds a key and re-encrypts; status counts per key', async () => {
    const dataDir = path.join(dir, 'cli-data');
    const keyFile = path.join(dir, 'cli-keys.json');
    const env = { MELDROUTE_DATA_DIR: dataDir, NODE_ENV: 'production', MELDROUTE_KEY_FILE: keyFile };
    const logs: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...a: unknown[]) => logs.push(a.join(' '));
    console.error = (...a: unknown[]) => logs.push(a.join(' '));
    try {
      expect(await run(['keys', 'init', '--key-file', keyFile], env)).toBe(0);
      expect(await run(['keys', 'init', '--key-file', keyFile], env)).toBe(2); // never overwritten
      const first = readKeyFile(keyFile).activeKeyId;
      expect(await run(['keys', 'status'], env)).toBe(0);
      expect(await run(['keys', 'rotate'], env)).toBe(0);
      const second = readKeyFile(keyFile);
      expect(second.activeKeyId).not.toBe(first);
      expect([...second.keys.keys()].sort()).toEqual([first, second.activeKeyId].sort());
      expect(logs.join('\n')).toContain(`Active key: ${second.activeKeyId}`);
      expect(await run(['keys', 'nonsense'], env)).toBe(2);
      expect(await run(['keys', 'status'], { MELDROUTE_DATA_DIR: dataDir, NODE_ENV: 'production' })).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(logs.join('\n')).not.toMatch(/"keys"|indexKey/);
    // The rotation is in the audit trail.
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    try {
      const rows = await queryRows<{ action: string; object_id: string }>(database, sql`select action, object_id from audit_log where action like 'keys.%' order by seq`);
      expect(rows.map((r) => r.action)).toEqual(['keys.rotate', 'keys.reencrypt']);
      expect(rows[0]!.object_id).toBe(readKeyFile(keyFile).activeKeyId);
    } finally {
      await database.close();
    }
  });
});
