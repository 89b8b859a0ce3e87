import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { generateKeyring, readKeyFile, writeKeyFile, type Keyring } from '../server/crypto/keyring.js';
import { staticKeySource, Vault } from '../server/crypto/vault.js';
import { openDatabase, rawRows, type Database } from '../server/db/client.js';
import { runMigrations } from '../server/db/migrate.js';
import { fixedClock } from '../server/lib/clock.js';
import type { Actor } from '../server/lib/actor.js';
import { verifyAuditChain } from '../server/modules/audit/audit.service.js';
import { readMunicipalityConfig, seedDemo, seedMunicipality } from '../server/modules/seed/seed.js';
import { createSignalService } from '../server/modules/signals/signal.service.js';
import { findUserByUsername } from '../server/modules/users/user.repo.js';
import { createScratchDatabase } from '../server/testing/test-database.js';
import { openBackupFile } from './backup-file.js';
import { run } from './commands.js';
import { describePostgres, libpqEnvironment } from './pg-tools.js';

/**
 * `meldroute backup` and `meldroute restore` end to end, on PGlite (a data directory) or, with
 * DATABASE_URL, on a scratch PostgreSQL database: the demo data (signals with encrypted persons,
 * organisations, addresses, notes, referrals, feedback; audit entries), a backup, the database
 * destroyed, the restore compared table by table; then every refusal.
 */
const serverUrl = process.env.DATABASE_URL;
const clock = fixedClock('2026-11-28T10:00:00Z');

/** Row count and a content hash of every table (public and drizzle); audit entries up to `auditSeq`. */
type Snapshot = Record<string, { rows: number; hash: string }>;

async function snapshot(database: Database, auditSeq: number): Promise<Snapshot> {
  const tables = await rawRows<{ schema: string; name: string }>(
    database.db,
    sql`select schemaname as schema, tablename as name from pg_tables where schemaname in ('public', 'drizzle') order by 1, 2`,
  );
  const result: Snapshot = {};
  for (const t of tables) {
    const only = t.name === 'audit_log' ? sql`where seq <= ${auditSeq}` : sql``;
    const [row] = await rawRows<{ rows: number; hash: string }>(
      database.db,
      sql`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as hash
          from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} as t ${only}`,
    );
    result[`${t.schema}.${t.name}`] = { rows: Number(row!.rows), hash: row!.hash };
  }
  return result;
}

describe('the PostgreSQL client programs get DATABASE_URL through PG* variables', () => {
  it('maps user, password, host, port, database and libpq parameters; inherited connection variables are replaced', () => {
    const env = libpqEnvironment('postgres://app%40x:s%3Acret@db.example:6543/meldroute?sslmode=verify-full&sslrootcert=/ca.pem&max=5', {
      PATH: '/usr/bin',
      PGDATABASE: 'other',
      PGSERVICE: 'svc',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      PGHOST: 'db.example',
      PGPORT: '6543',
      PGUSER: 'app@x',
      PGPASSWORD: 's:cret',
      PGDATABASE: 'meldroute',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/ca.pem',
    });
    expect(libpqEnvironment('postgresql:///meldroute?host=/var/run/postgresql&ssl=true', {})).toEqual({ PGHOST: '/var/run/postgresql', PGDATABASE: 'meldroute', PGSSLMODE: 'require' });
    expect(describePostgres('postgres://app:secret@db.example:6543/meldroute')).toBe('PostgreSQL database "meldroute" on db.example:6543');
  });
});

describe('meldroute backup and restore', () => {
  let dir: string;
  let keyFile: string;
  let env: NodeJS.ProcessEnv;
  let config: Config;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let vault: Vault;
  let backupFile: string;
  let before: Snapshot;
  let auditSeq: number;
  let signalIds: string[];
  let details: unknown[];
  const output: string[] = [];
  const text = () => output.join('\n');

  async function withDatabase<T>(fn: (database: Database) => Promise<T>, target = config): Promise<T> {
    const database = await openDatabase(target.database);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  /** Every demo signal as the coordinator sees it: decrypted through the signal service. */
  async function readSignals(database: Database): Promise<unknown[]> {
    const coordinator = (await findUserByUsername(database.db, 'aandachtsfunctionaris'))!;
    const actor: Actor = { userId: coordinator.id, municipalityId: coordinator.municipalityId, role: 'coordinator', departmentId: coordinator.departmentId, origin: { ip: null, userAgent: 'backup test' } };
    const signals = createSignalService({ db: database.db, clock, vault });
    const result = [];
    for (const id of signalIds) result.push(await signals.detail(actor, id));
    return result;
  }

  async function destroyDatabase(): Promise<void> {
    if (scratch) await scratch.recreate();
    else rmSync(path.join(dir, 'pglite'), { recursive: true, force: true });
  }

  async function restore(args: string[], withEnv = env): Promise<number> {
    output.length = 0;
    return run(['restore', ...args], withEnv);
  }

  /** The database is exactly the backup plus the restore's own audit entry. */
  async function expectRestored(): Promise<void> {
    await withDatabase(async (database) => {
      expect(await snapshot(database, auditSeq)).toEqual(before);
      const restoreEntries = await rawRows<{ action: string }>(database.db, sql`select action from audit_log where seq > ${auditSeq} order by seq`);
      expect(restoreEntries.map((e) => e.action)).toEqual(['database.restore']);
      expect((await verifyAuditChain(database.db, { anchor: openBackupFile(backupFile).manifest.auditHead! })).ok).toBe(true);
      expect(await readSignals(database)).toEqual(details);
    });
  }

  /** Everything in the database now (every audit entry included), to show that a refused restore changed nothing. */
  const currentState = () => withDatabase((database) => snapshot(database, Number.MAX_SAFE_INTEGER));

  /** A copy of the backup with some bytes replaced (same length, so the tar structure stays). */
  function patchedCopy(name: string, change: (bytes: Buffer) => void): string {
    const bytes = readFileSync(backupFile);
    change(bytes);
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  }

  function replaceText(bytes: Buffer, from: string, to: string): void {
    expect(to.length).toBe(from.length);
    const at = bytes.indexOf(from);
    expect(at).toBeGreaterThanOrEqual(0);
    bytes.write(to, at, 'latin1');
  }

  /** Another key file: `change` turns a copy of the real keyring into a wrong one. */
  function keyFileWith(name: string, change: (real: Keyring, other: Keyring) => Keyring): NodeJS.ProcessEnv {
    const file = path.join(dir, name);
    writeKeyFile(file, change(readKeyFile(keyFile), generateKeyring(new Date('2020-01-01T00:00:00Z'))));
    return { ...env, MELDROUTE_KEY_FILE: file };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'meldroute-backup-'));
    keyFile = path.join(dir, 'keys.json');
    writeKeyFile(keyFile, generateKeyring());
    vault = new Vault(staticKeySource(readKeyFile(keyFile)));
    env = { NODE_ENV: 'production', MELDROUTE_KEY_FILE: keyFile };
    if (serverUrl) {
      scratch = await createScratchDatabase(serverUrl);
      env.DATABASE_URL = scratch.url;
    } else env.MELDROUTE_DATA_DIR = dir;
    config = loadConfig(env);
    backupFile = path.join(dir, 'meldroute.backup');
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));

    await withDatabase(async (database) => {
      await runMigrations(database);
      const cfg = readMunicipalityConfig(config.municipalityConfigPath);
      const { municipality } = await seedMunicipality(database.db, cfg);
      await seedDemo(database.db, clock, vault, municipality, cfg, 'demo-wachtwoord-123');
      signalIds = (await rawRows<{ id: string }>(database.db, sql`select id::text as id from signals order by received_at, id`)).map((r) => r.id);
      details = await readSignals(database);
    });
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up into one file with a manifest: database kind, schema level, key ids, audit head, checksum', async () => {
    output.length = 0;
    expect(await run(['backup', backupFile], env)).toBe(0);
    expect(text()).toContain(`Backup written to ${backupFile}`);
    expect(text()).toContain('The key file is NOT in the backup');
    const { manifest } = openBackupFile(backupFile);
    expect(manifest).toMatchObject({ format: 'meldroute-backup', formatVersion: 1, database: config.database.kind, keyIds: [vault.activeKeyId] });
    expect(manifest.schema.migrations).toBeGreaterThan(10);
    expect(manifest.payload.file).toBe(serverUrl ? 'database.pgdump' : 'pglite-data.tar.gz');
    // The keys themselves are not in it.
    const keys = JSON.parse(readFileSync(keyFile, 'utf8')) as { keys: Record<string, string>; indexKey: string };
    const bytes = readFileSync(backupFile);
    for (const key of [...Object.values(keys.keys), keys.indexKey]) expect(bytes.includes(key)).toBe(false);
    expect(await run(['backup', backupFile], env)).toBe(1);
    expect(text()).toContain('exists already');

    await withDatabase(async (database) => {
      const [head] = await rawRows<{ seq: number }>(database.db, sql`select max(seq)::int as seq from audit_log`);
      auditSeq = Number(head!.seq);
      expect(manifest.auditHead?.seq).toBe(auditSeq);
      const [entry] = await rawRows<{ action: string }>(database.db, sql`select action from audit_log where seq = ${auditSeq}`);
      expect(entry!.action).toBe('database.backup');
      before = await snapshot(database, auditSeq);
    });
    expect(before['public.signals']!.rows).toBe(signalIds.length);
    expect(before['public.signal_persons']!.rows).toBeGreaterThan(0);
    expect(before['public.referrals']!.rows).toBeGreaterThan(0);
    expect(before['public.audit_log']!.rows).toBeGreaterThan(10);
  });

  it('restores into an empty database: same rows and content in every table, signals decrypt, audit chain verified', async () => {
    await destroyDatabase();
    expect(await restore([backupFile])).toBe(0);
    expect(text()).toContain('checksum OK');
    // Verified as restored, before the restore's own entry is appended.
    expect(text()).toMatch(new RegExp(`Audit chain OK: ${auditSeq} entries; head ${auditSeq}:[0-9a-f]{64}; anchor ${auditSeq} found\\.`));
    expect(text()).toMatch(/Encryption keys OK: [1-9]\d* sampled values decrypted, [1-9]\d* blind indexes reproduced\./);
    await expectRestored();
  });

  it('refuses a database that is not empty without --force, and replaces it with --force', async () => {
    expect(await restore([backupFile])).toBe(1);
    expect(text()).toContain('is not empty: pass --force');
    expect(await restore([backupFile, '--force'])).toBe(0);
    await expectRestored();
    if (!serverUrl) {
      // PGlite keeps the replaced data directory next to the new one.
      const kept = readdirSync(dir).filter((f) => f.startsWith('pglite.replaced-'));
      expect(kept).toHaveLength(1);
      expect(text()).toContain(`kept in ${path.join(dir, kept[0]!)}`);
      expect(readdirSync(dir).some((f) => f.startsWith('pglite.restoring-'))).toBe(false);
    }
  });

  it('refuses a damaged, cut-off, foreign or newer file with a clear message, and changes nothing', async () => {
    const unchanged = await currentState();
    const { manifest, payload } = openBackupFile(backupFile);
    const flipped = patchedCopy('flipped.backup', (bytes) => void (bytes[payload.offset + Math.floor(payload.size / 2)]! ^= 0xff));
    const cutOff = path.join(dir, 'cut.backup');
    writeFileSync(cutOff, readFileSync(backupFile).subarray(0, payload.offset + 1000));
    const foreign = path.join(dir, 'foreign.backup');
    writeFileSync(foreign, 'this is not a backup\n'.repeat(100));
    const newerFormat = patchedCopy('newer-format.backup', (bytes) => replaceText(bytes, '"formatVersion": 1', '"formatVersion": 9'));
    const newerSchema = patchedCopy('newer-schema.backup', (bytes) => replaceText(bytes, `"lastWhen": ${manifest.schema.lastWhen}`, `"lastWhen": 9${String(manifest.schema.lastWhen).slice(1)}`));
    const cases: [string, RegExp][] = [
      [flipped, /is damaged: the checksum \(SHA-256\) of .* does not match the manifest/],
      [cutOff, /is damaged: it is cut off/],
      [foreign, /is not a Meldroute backup: it is not a tar archive/],
      [path.join(dir, 'missing.backup'), /does not exist/],
      [newerFormat, /was made by a newer version of Meldroute \(backup format 9; .*\): upgrade Meldroute first/],
      [newerSchema, /comes from a newer version of Meldroute .*: upgrade Meldroute first/],
    ];
    for (const [file, message] of cases) {
      expect(await restore([file, '--force']), file).toBe(1);
      expect(text()).toMatch(message);
    }
    // A backup of the other kind of database.
    const otherKind: NodeJS.ProcessEnv = serverUrl ? { NODE_ENV: 'production', MELDROUTE_KEY_FILE: keyFile, MELDROUTE_DATA_DIR: path.join(dir, 'other') } : { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    expect(await restore([backupFile], otherKind)).toBe(1);
    expect(text()).toMatch(/is a backup of (a PostgreSQL|an embedded \(PGlite\)) database, but .* is configured/);
    expect(await restore([])).toBe(2);
    expect(await currentState()).toEqual(unchanged);
  });

  it('refuses keys that lack the backup\'s key ids before touching the database', async () => {
    const unchanged = await currentState();
    const otherKeys = keyFileWith('other-keys.json', (_real, other) => other);
    expect(await restore([backupFile, '--force'], otherKeys)).toBe(1);
    expect(text()).toContain(`do not hold key(s) "${vault.activeKeyId}" that the backup was encrypted with`);
    expect(text()).toContain('Nothing was changed');
    expect(await currentState()).toEqual(unchanged);
  });

  it('verifies with the configured keys after the restore: another key under the same id, or another index key, fails with exit code 1', async () => {
    const unchanged = await currentState();
    const sameIdOtherKey = keyFileWith('same-id-keys.json', (real, other) => ({
      activeKeyId: real.activeKeyId,
      keys: new Map([[real.activeKeyId, other.keys.get(other.activeKeyId)!]]),
      indexKey: real.indexKey,
    }));
    expect(await restore([backupFile, '--force'], sameIdOtherKey)).toBe(1);
    expect(text()).toMatch(new RegExp(`sampled value\\(s\\) of signals\\.explanation do not decrypt with key "${vault.activeKeyId}": the configured key with that id is another key`));
    expect(text()).toContain('Encryption keys WRONG');
    expect(text()).toContain(serverUrl ? 'now holds the backup, but it did not pass the checks above' : 'VERIFICATION FAILED: nothing was changed');

    const otherIndexKey = keyFileWith('other-index-keys.json', (real, other) => ({ ...real, indexKey: other.indexKey }));
    expect(await restore([backupFile, '--force'], otherIndexKey)).toBe(1);
    expect(text()).toMatch(/the index key \(indexKey\) is not the one the data was indexed with: (\d+) of \1 reporter links do not match/);

    if (serverUrl) {
      // PostgreSQL holds the (unverified) backup now; with the right keys it restores and verifies.
      expect(await restore([backupFile, '--force'])).toBe(0);
      await expectRestored();
    } else {
      // PGlite verified in a new directory and dropped it: the database is as it was.
      expect(readdirSync(dir).some((f) => f.startsWith('pglite.restoring-'))).toBe(false);
      expect(await currentState()).toEqual(unchanged);
    }
  });

  it('reports a broken audit chain in the backup with exit code 1', async () => {
    // Someone with superuser rights alters an entry; the next backup carries the damage.
    await withDatabase(async (database) => {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
        await tx.execute(sql`update audit_log set action = 'signal.read' where seq = 3`);
        await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
      });
    });
    const tampered = path.join(dir, 'tampered.backup');
    output.length = 0;
    expect(await run(['backup', tampered], env)).toBe(0);
    expect(await restore([tampered, '--force'])).toBe(1);
    expect(text()).toMatch(/Audit chain BROKEN: entry seq 3 \(id \d+\) was altered/);
    expect(text()).toContain('VERIFICATION FAILED');
    if (!serverUrl) expect(existsSync(path.join(dir, 'pglite', 'PG_VERSION'))).toBe(true);
    // The good backup still restores over it.
    expect(await restore([backupFile, '--force'])).toBe(0);
    await expectRestored();
  });
});
