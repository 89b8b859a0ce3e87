import { chmodSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Config } from '../server/config.js';
import { openVault } from '../server/crypto/open-vault.js';
import type { Vault } from '../server/crypto/vault.js';
import { openDatabase, rawRows, type Database } from '../server/db/client.js';
import { pgliteLockHolder } from '../server/db/pglite-lock.js';
import { appliedMigrations, countUserTables, runMigrations, shippedMigrations } from '../server/db/migrate.js';
import type { VerifyResult } from '../server/modules/audit/audit-chain.js';
import { chainHead } from '../server/modules/audit/audit.repo.js';
import { audit, verifyAuditChain } from '../server/modules/audit/audit.service.js';
import { countValuesPerKey, createKeysService, type KeyCheck } from '../server/modules/keys/keys.service.js';
import { openBackupFile, payloadStream, readPayload, verifyPayload, writeBackupFile, type BackupFile, type BackupManifest } from './backup-file.js';
import { describePostgres, libpqEnvironment, restoreInOneTransaction, runPgTool } from './pg-tools.js';

/**
 * `meldroute backup FILE` and `meldroute restore FILE [--force]` (docs/backup.md).
 *
 * PGlite: the CLI opens the data directory itself, so the server must be stopped (refused while
 * PGlite's postmaster.pid is there); the backup is the data directory after a checkpoint. A restore
 * loads it into a new directory next to the old one, verifies it there, and only then swaps the two.
 *
 * PostgreSQL: pg_dump --format=custom while the app runs (a consistent snapshot); a restore empties the
 * target and restores into it in one transaction (pg-tools.ts), then verifies.
 *
 * Verification: the audit chain is intact and still holds the head recorded in the backup, and the
 * configured keys decrypt the data and reproduce its blind indexes. The keys are never in a backup.
 */
export class BackupError extends Error {}

const PGLITE_PAYLOAD = 'pglite-data.tar.gz';
const POSTGRES_PAYLOAD = 'database.pgdump';

/** This installation's version (package.json; src/cli and dist/cli sit at the same depth). */
function appVersion(): string {
  try {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function describeTarget(config: Config): string {
  return config.database.kind === 'pglite' ? `the PGlite database in ${config.database.dataDir}` : `the ${describePostgres(config.database.url)}`;
}

/** Another process (the server) has the directory open: refuse (pglite-lock.ts; a crashed holder does not count). */
function refuseWhilePgliteOpen(dataDir: string): void {
  const holder = pgliteLockHolder(dataDir);
  if (holder !== null) throw new BackupError(`${dataDir} is in use by process ${holder}: stop the Meldroute server first.`);
}

/** What the manifest says about the database itself; writes the backup's own audit entry first. */
async function describeSource(database: Database): Promise<Pick<BackupManifest, 'schema' | 'keyIds' | 'auditHead' | 'serverVersion'>> {
  const applied = await appliedMigrations(database.db);
  if (!applied) throw new BackupError('the database holds no Meldroute schema: there is nothing to back up');
  await audit(database.db, null, { action: 'database.backup', objectType: 'database', result: 'ok', details: { via: 'cli' } });
  const head = await chainHead(database.db);
  const [server] = await rawRows<{ version: string }>(database.db, sql`select current_setting('server_version') as version`);
  return {
    schema: { migrations: applied.count, lastWhen: applied.lastWhen, lastTag: shippedMigrations().find((m) => m.when === applied.lastWhen)?.tag ?? null },
    keyIds: (await countValuesPerKey(database.db)).flatMap((v) => (v.keyId ? [v.keyId] : [])),
    auditHead: head.hash ? { seq: head.seq, hash: head.hash } : null,
    serverVersion: server?.version ?? 'unknown',
  };
}

/** Write a backup of the configured database to `file` (never replaces a file). */
export async function createBackup(config: Config, file: string, now = new Date()): Promise<BackupManifest> {
  if (existsSync(file)) throw new BackupError(`${file} exists already; a backup never replaces a file`);
  const common = { createdAt: now.toISOString(), appVersion: appVersion() };
  if (config.database.kind === 'pglite') {
    const { dataDir } = config.database;
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new BackupError(`there is no PGlite database in ${dataDir}`);
    refuseWhilePgliteOpen(dataDir);
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const source = await describeSource(database);
      await database.db.execute(sql`checkpoint`);
      const data = await database.dumpDataDir!('gzip');
      return await writeBackupFile(file, { ...common, database: 'pglite', tool: 'PGlite dumpDataDir', ...source }, { name: PGLITE_PAYLOAD, data });
    } finally {
      await database.close();
    }
  }
  const { url } = config.database;
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  let source;
  try {
    source = await describeSource(database);
  } finally {
    await database.close();
  }
  const env = libpqEnvironment(url);
  const dump = `${file}.pgdump.partial`;
  try {
    await runPgTool('pg_dump', ['--format=custom', '--no-password', `--file=${dump}`], env);
    const tool = (await runPgTool('pg_dump', ['--version'], env)).trim();
    return await writeBackupFile(file, { ...common, database: 'postgres', tool, ...source }, { name: POSTGRES_PAYLOAD, path: dump });
  } finally {
    rmSync(dump, { force: true });
  }
}

export interface RestoreReport {
  backup: BackupManifest;
  target: string;
  /** PGlite with --force: where the replaced data directory was kept. */
  keptAt: string | null;
  /** Whether the target now holds the backup (false: verification failed and PGlite's target was left as it was). */
  applied: boolean;
  chain: VerifyResult;
  keys: KeyCheck;
  ok: boolean;
}

/** Refuse a backup this installation cannot restore, before anything is touched. */
function checkBackup(config: Config, backup: BackupFile): void {
  const { manifest } = backup;
  if (manifest.database !== config.database.kind) {
    const kind = (k: string) => (k === 'pglite' ? 'an embedded (PGlite) database' : 'a PostgreSQL database');
    throw new BackupError(
      `${backup.path} is a backup of ${kind(manifest.database)}, but ${kind(config.database.kind)} is configured ` +
        `(${config.database.kind === 'postgres' ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'}); restore it into the same kind`,
    );
  }
  const shipped = shippedMigrations();
  const newest = shipped[shipped.length - 1];
  if (newest && manifest.schema.lastWhen > newest.when) {
    throw new BackupError(
      `${backup.path} comes from a newer version of Meldroute (${manifest.appVersion}; its schema has migration ` +
        `${manifest.schema.lastTag ?? manifest.schema.lastWhen}, this version knows up to ${newest.tag}): upgrade Meldroute first`,
    );
  }
}

/** The vault of the configured keys, refusing when they lack a key the backup's data was encrypted with. */
function vaultFor(config: Config, env: NodeJS.ProcessEnv, manifest: BackupManifest): Vault {
  const keys = config.keys;
  if (keys.kind === 'missing') throw new BackupError(keys.message);
  if (keys.kind === 'file' && !existsSync(keys.path)) {
    throw new BackupError(`the key file ${keys.path} does not exist: a restore needs the key file the data was encrypted with (it is not in the backup)`);
  }
  const { vault } = openVault({ ...keys, ...(keys.kind === 'file' ? { createIfMissing: false } : {}) }, env);
  const missing = manifest.keyIds.filter((id) => !vault.hasKey(id));
  if (missing.length > 0) {
    throw new BackupError(
      `the configured keys (${keys.kind === 'file' ? keys.path : 'MELDROUTE_KEYS'}) do not hold key(s) ${missing.map((id) => `"${id}"`).join(', ')} ` +
        'that the backup was encrypted with: use the key file that belongs to this backup. Nothing was changed.',
    );
  }
  return vault;
}

/** After a restore: the audit chain (up to and past the backup's head) and the keys against the data. */
async function verifyRestored(database: Database, vault: Vault, manifest: BackupManifest): Promise<Pick<RestoreReport, 'chain' | 'keys' | 'ok'>> {
  const chain = await verifyAuditChain(database.db, manifest.auditHead ? { anchor: manifest.auditHead } : {});
  const keys = await createKeysService({ database, vault }).verifyKeys();
  return { chain, keys, ok: chain.ok && keys.problems.length === 0 };
}

/** Migrate the restored database to this version, verify it, and record the restore in its audit trail (when applied). */
async function finishRestore(database: Database, vault: Vault, manifest: BackupManifest, recordWhen: (ok: boolean) => boolean) {
  await runMigrations(database);
  const verified = await verifyRestored(database, vault, manifest);
  if (recordWhen(verified.ok)) {
    await audit(database.db, null, {
      action: 'database.restore',
      objectType: 'database',
      result: 'ok',
      details: { via: 'cli', backupCreatedAt: manifest.createdAt, verified: verified.ok },
    });
  }
  return verified;
}

/**
 * Restore a backup into the configured database. Refuses (BackupError, nothing changed) a file that is
 * not a backup, damaged, newer, of the other database kind, keys that lack the backup's key ids, and a
 * database that is not empty unless `force`.
 */
export async function restoreBackup(config: Config, env: NodeJS.ProcessEnv, file: string, options: { force: boolean; now?: Date }): Promise<RestoreReport> {
  const backup = openBackupFile(file);
  checkBackup(config, backup);
  await verifyPayload(backup);
  const vault = vaultFor(config, env, backup.manifest);
  const target = describeTarget(config);
  const notEmpty = () =>
    new BackupError(`${target} is not empty: pass --force to replace it with the backup${config.database.kind === 'pglite' ? ' (the current one is kept next to it)' : ''}`);
  const outcome =
    config.database.kind === 'pglite'
      ? await restorePglite(config.database.dataDir, backup, vault, { ...options, notEmpty })
      : await restorePostgres(config.database.url, backup, vault, { ...options, notEmpty });
  return { backup: backup.manifest, target, ...outcome };
}

type RestoreOptions = { force: boolean; now?: Date; notEmpty: () => BackupError };
type RestoreOutcome = Omit<RestoreReport, 'backup' | 'target'>;

/** Load into a new directory next to the data directory, verify there, and only then swap the two. */
async function restorePglite(dataDir: string, backup: BackupFile, vault: Vault, options: RestoreOptions): Promise<RestoreOutcome> {
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied) refuseWhilePgliteOpen(dataDir);
  if (occupied && !options.force) throw options.notEmpty();
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const fresh = `${dataDir}.restoring-${stamp}`;
  let database: Database;
  try {
    database = await openDatabase({ kind: 'pglite', dataDir: fresh, loadDataDir: new Blob([readPayload(backup)]) });
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw new BackupError(`the backup's data directory (PostgreSQL ${backup.manifest.serverVersion}) cannot be opened by this version's PGlite: ${(error as Error).message}`);
  }
  let verified;
  try {
    verified = await finishRestore(database, vault, backup.manifest, (ok) => ok);
  } finally {
    await database.close();
  }
  if (!verified.ok) {
    rmSync(fresh, { recursive: true, force: true });
    return { keptAt: null, applied: false, ...verified };
  }
  let keptAt: string | null = null;
  if (occupied) {
    keptAt = `${dataDir}.replaced-${stamp}`;
    renameSync(dataDir, keptAt);
  } else rmSync(dataDir, { recursive: true, force: true });
  try {
    renameSync(fresh, dataDir);
  } catch (error) {
    if (keptAt) renameSync(keptAt, dataDir);
    throw new BackupError(`the restored database in ${fresh} could not be moved to ${dataDir} (${(error as Error).message}); ${dataDir} is as it was`);
  }
  return { keptAt, applied: true, ...verified };
}

/** Empty the database and restore into it in one transaction (pg-tools.ts), then verify. */
async function restorePostgres(url: string, backup: BackupFile, vault: Vault, options: RestoreOptions): Promise<RestoreOutcome> {
  const before = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    if (!options.force && (await countUserTables(before.db)) > 0) throw options.notEmpty();
  } finally {
    await before.close();
  }
  // pg_restore reads the archive from a file of its own (it may need to seek), readable by us only.
  const scratch = mkdtempSync(path.join(tmpdir(), 'meldroute-restore-'));
  try {
    chmodSync(scratch, 0o700);
    const archive = path.join(scratch, POSTGRES_PAYLOAD);
    await pipeline(payloadStream(backup), createWriteStream(archive, { mode: 0o600 }));
    await restoreInOneTransaction(archive, libpqEnvironment(url));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    return { keptAt: null, applied: true, ...(await finishRestore(database, vault, backup.manifest, () => true)) };
  } finally {
    await database.close();
  }
}
