/**
 * The `meldroute` command: operations that do not belong in the web app.
 *
 *   meldroute migrate
 *   meldroute users create --username U --name "Full Name" --role admin [--department CODE] [--email E]
 *   meldroute users list
 *   meldroute users reset-password USERNAME
 *   meldroute users deactivate USERNAME
 *   meldroute users reset-2fa USERNAME
 *   meldroute audit verify [--anchor SEQ:HASH]
 *   meldroute keys init --key-file PATH | keys rotate | keys reencrypt | keys status
 *   meldroute import KIND FILE.csv [--accept-valid] [--replace] [--dry-run]
 *   meldroute entities rekey
 *   meldroute backup FILE
 *   meldroute restore FILE [--force]
 *
 * Configuration comes from the same environment variables as the server.
 */
import { parseArgs } from 'node:util';
import { REGISTER_KINDS, ROLES, type RegisterKind, type Role } from '../shared/domain.js';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { REJECTED_LIST_LIMIT, type RegisterImportReport } from '../shared/api/register.js';
import { systemClock } from '../server/lib/clock.js';
import { createRegisterService } from '../server/modules/registers/register.service.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { addActiveKey, generateKeyring, KeyringError, readKeyFile, writeKeyFile } from '../server/crypto/keyring.js';
import { openVault } from '../server/crypto/open-vault.js';
import { createKeysService } from '../server/modules/keys/keys.service.js';
import { openDatabase, type Database } from '../server/db/client.js';
import { MIGRATION_LOCK_KEY, runMigrations } from '../server/db/migrate.js';
import { describeBrokenLink, type VerifyResult } from '../server/modules/audit/audit-chain.js';
import { audit, verifyAuditChain } from '../server/modules/audit/audit.service.js';
import { clearFailedLogins, disableTotp } from '../server/modules/auth/credentials.repo.js';
import { deleteSessionsOfUser } from '../server/modules/auth/session.repo.js';
import { generatePassword, hashPassword } from '../server/modules/auth/password.js';
import { listDepartments, type MunicipalityRow } from '../server/modules/municipality/municipality.repo.js';
import { readMunicipalityConfig, seedMunicipality } from '../server/modules/seed/seed.js';
import { findUserByUsername, insertUser, listUsers, updateUser } from '../server/modules/users/user.repo.js';
import { rekeyEntities } from '../server/modules/entities/rekey.js';
import { BackupError, createBackup, restoreBackup, type RestoreReport } from './backup.js';
import { BackupFileError } from './backup-file.js';
import { PgToolError } from './pg-tools.js';

const USAGE = `Usage: meldroute <command>

  migrate                                 apply pending database migrations
  users create --username U --name NAME --role ROLE [--department CODE] [--email E]
                                          create an account; prints a temporary password once
  users list                              list accounts of the municipality
  users reset-password USERNAME           set a new temporary password (printed once)
  users deactivate USERNAME               deactivate an account and end its sessions
  users reset-2fa USERNAME                switch two-factor login off (lost phone and recovery codes),
                                          lift a lockout and end the account's sessions
  audit verify [--anchor SEQ:HASH]        check the audit trail's hash chain; exit code 1 at the first
                                          broken link. --anchor: a head printed by an earlier run, which
                                          must still be in the chain

  keys init --key-file PATH               create a new key file (refuses to overwrite one)
  keys rotate                             add a new active key to MELDROUTE_KEY_FILE, then re-encrypt
                                          every value with it while the app keeps running
  keys reencrypt                          re-encrypt what is not under the active key (after a rotation
                                          done by hand, e.g. with MELDROUTE_KEYS)
  keys status                             how many values each key protects; a key with none left may
                                          be removed from the key file

  import KIND FILE.csv [--accept-valid] [--replace] [--dry-run]
                                          import a municipal register extract (docs/registers.md); KIND is
                                          one of ${REGISTER_KINDS.join(', ')}. Rejected rows are listed
                                          (line, column, reason) and nothing is applied unless
                                          --accept-valid; --replace removes records no longer in the file;
                                          --dry-run only reports. Exit code 1 when nothing was applied
  entities rekey                          recompute the blind-index matching keys of every entity (after
                                          an upgrade that adds keys; batches, safe while the app runs)

  backup FILE                             write a backup of the database to FILE (never replaces a file):
                                          PGlite only while the server is stopped, PostgreSQL (pg_dump)
                                          while it runs. The encryption keys are NOT in it (docs/backup.md)
  restore FILE [--force]                  restore a backup, then verify the audit chain and that the
                                          configured keys decrypt the data (exit code 1 when not). Refuses
                                          a damaged or newer file, missing keys, and a database that is not
                                          empty unless --force

Roles: ${ROLES.join(', ')}
Environment: DATABASE_URL, MELDROUTE_DATA_DIR, MELDROUTE_MUNICIPALITY_CONFIG, MELDROUTE_KEY_FILE (see README).`;

class UsageError extends Error {}

/** CLI actions are audited without a user: the operator acts on the server itself. */
const cliAudit = (database: Database, action: string, objectId: string) =>
  audit(database.db, null, { action, objectType: 'user', objectId, result: 'ok', details: { via: 'cli' } });

async function withDatabase<T>(env: NodeJS.ProcessEnv, fn: (database: Database, municipality: MunicipalityRow) => Promise<T>): Promise<T> {
  // The CLI never seeds demo data, so it ignores demo mode.
  const config = loadConfig({ ...env, MELDROUTE_DEMO: 'false' });
  const database = await openDatabase(config.database);
  try {
    await runMigrations(database);
    // Under the migration lock, like the server's bootstrap: a server starting on the same empty database
    // at the same moment must not seed the municipality a second time.
    const { municipality } = await database.withAdvisoryLock(MIGRATION_LOCK_KEY, (db) =>
      seedMunicipality(db, readMunicipalityConfig(config.municipalityConfigPath)),
    );
    return await fn(database, municipality);
  } finally {
    await database.close();
  }
}

async function usersCommand(env: NodeJS.ProcessEnv, sub: string | undefined, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string' },
      email: { type: 'string' },
    },
  });
  await withDatabase(env, async (database, municipality) => {
    const db = database.db;
    switch (sub) {
      case 'create': {
        const { username, name, role, department, email } = values;
        if (!username || !name || !role) throw new UsageError('users create needs --username, --name and --role');
        if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role "${role}"`);
        if (await findUserByUsername(db, username)) throw new UsageError(`user "${username}" already exists`);
        let departmentId: string | null = null;
        if (department) {
          const found = (await listDepartments(db, municipality.id)).find((d) => d.code === department);
          if (!found) throw new UsageError(`unknown department code "${department}"`);
          departmentId = found.id;
        }
        const password = generatePassword();
        const id = await insertUser(db, {
          municipalityId: municipality.id,
          username,
          displayName: name,
          email: email ?? null,
          role: role as Role,
          departmentId,
          passwordHash: await hashPassword(password),
          mustChangePassword: true,
        });
        await cliAudit(database, 'user.create', id);
        console.log(`Created ${role} "${username}". Temporary password (shown once, must be changed at first login):\n  ${password}`);
        return;
      }
      case 'list': {
        for (const u of await listUsers(db, municipality.id)) {
          console.log(`${u.active ? ' ' : 'x'} ${u.username.padEnd(24)} ${u.role.padEnd(17)} ${u.departmentName ?? ''}`);
        }
        return;
      }
      case 'reset-password':
      case 'reset-2fa':
      case 'deactivate': {
        const username = positionals[0];
        if (!username) throw new UsageError(`users ${sub} needs a USERNAME`);
        const user = await findUserByUsername(db, username);
        if (!user || user.municipalityId !== municipality.id) throw new UsageError(`no user "${username}"`);
        if (sub === 'reset-2fa') {
          // Where two-factor login is mandatory, the user sets it up again at the next login.
          await disableTotp(db, user.id, new Date());
          await clearFailedLogins(db, user.id);
          await deleteSessionsOfUser(db, user.id);
          await cliAudit(database, 'auth.totp_reset', user.id);
          console.log(`Two-factor login of "${username}" is off; it must be set up again at the next login where it is mandatory.`);
          return;
        }
        if (sub === 'deactivate') {
          await updateUser(db, municipality.id, user.id, { active: false });
          await deleteSessionsOfUser(db, user.id);
          await cliAudit(database, 'user.deactivate', user.id);
          console.log(`Deactivated "${username}".`);
          return;
        }
        const password = generatePassword();
        await updateUser(db, municipality.id, user.id, { passwordHash: await hashPassword(password), mustChangePassword: true });
        await deleteSessionsOfUser(db, user.id);
        await cliAudit(database, 'user.reset_password', user.id);
        console.log(`New temporary password for "${username}" (shown once):\n  ${password}`);
        return;
      }
      default:
        throw new UsageError(`unknown users command "${sub ?? ''}"`);
    }
  });
}

/** Open and migrate the database without seeding (read-only commands). */
async function withMigratedDatabase<T>(env: NodeJS.ProcessEnv, fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...env, MELDROUTE_DEMO: 'false' });
  const database = await openDatabase(config.database);
  try {
    await runMigrations(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** `audit verify`: walk the chain; 0 when intact, 1 at the first broken link. */
async function auditCommand(env: NodeJS.ProcessEnv, sub: string | undefined, args: string[]): Promise<number> {
  if (sub !== 'verify') throw new UsageError(`unknown audit command "${sub ?? ''}"`);
  let values: { anchor?: string | undefined };
  try {
    ({ values } = parseArgs({ args, options: { anchor: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let anchor: { seq: number; hash: string } | undefined;
  if (values.anchor !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor.trim().toLowerCase());
    if (!match) throw new UsageError('--anchor needs SEQ:HASH (a sequence number and a 64-character hex hash)');
    anchor = { seq: Number(match[1]), hash: match[2]! };
  }
  const result = await withMigratedDatabase(env, (database) => verifyAuditChain(database.db, { anchor }));
  return printChain(result, anchor) ? 0 : 1;
}

/** The result of walking the audit chain, as `audit verify` and `restore` print it; whether it is intact. */
function printChain(result: VerifyResult, anchor: { seq: number } | null | undefined): boolean {
  const head = result.head ? `; head ${result.head.seq}:${result.head.hash}` : '';
  if (result.ok) {
    console.log(`Audit chain OK: ${result.count} entries${head}${anchor ? `; anchor ${anchor.seq} found` : ''}.`);
    return true;
  }
  console.error(`Audit chain BROKEN: ${describeBrokenLink(result.broken!)}.`);
  console.error(`Intact before the break: ${result.count} entries${head}.`);
  return false;
}

/** `backup FILE`: the whole database and a manifest in one file. */
async function backupCommand(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new UsageError('backup needs exactly one FILE');
  const manifest = await createBackup(loadConfig({ ...env, MELDROUTE_DEMO: 'false' }), file);
  const megabytes = (manifest.payload.bytes / 1e6).toFixed(1);
  console.log(
    `Backup written to ${file}: ${manifest.database === 'pglite' ? 'PGlite' : 'PostgreSQL'} database, ${manifest.schema.migrations} migrations, ` +
      `${megabytes} MB, SHA-256 ${manifest.payload.sha256}.`,
  );
  console.log(`Encrypted with key(s): ${manifest.keyIds.join(', ') || '(none)'}. The key file is NOT in the backup: keep it apart, and never together with it.`);
  return 0;
}

/** `restore FILE [--force]`: restore, verify, report; 1 when verification fails. */
async function restoreCommand(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  let values: { force?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one FILE');
  const report = await restoreBackup(loadConfig({ ...env, MELDROUTE_DEMO: 'false' }), env, positionals[0]!, { force: values.force ?? false });
  printRestore(positionals[0]!, report);
  return report.ok ? 0 : 1;
}

function printRestore(file: string, report: RestoreReport): void {
  const { backup } = report;
  console.log(`Backup ${file}: made ${backup.createdAt} by Meldroute ${backup.appVersion}, ${backup.schema.migrations} migrations; checksum OK.`);
  if (report.applied) {
    console.log(`Restored into ${report.target}.${report.keptAt ? ` The database it replaced is kept in ${report.keptAt}: remove it once you are satisfied.` : ''}`);
  }
  printChain(report.chain, backup.auditHead);
  const { keys } = report;
  if (keys.problems.length === 0) {
    console.log(`Encryption keys OK: ${keys.decrypted} sampled values decrypted, ${keys.indexChecked} blind indexes reproduced.`);
  } else {
    console.error('Encryption keys WRONG: the configured keys do not read this data:');
    for (const problem of keys.problems) console.error(`  ${problem}`);
  }
  if (report.ok) return;
  console.error(
    report.applied
      ? `VERIFICATION FAILED: ${report.target} now holds the backup, but it did not pass the checks above. Restore again with the right key file, or investigate the audit trail.`
      : `VERIFICATION FAILED: nothing was changed; ${report.target} is as it was.`,
  );
}

/** `keys …`: key file creation, rotation without downtime, status. */
async function keysCommand(env: NodeJS.ProcessEnv, sub: string | undefined, args: string[]): Promise<number> {
  if (sub === 'init') {
    let values: { 'key-file'?: string | undefined };
    try {
      ({ values } = parseArgs({ args, options: { 'key-file': { type: 'string' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const file = values['key-file'] ?? env.MELDROUTE_KEY_FILE;
    if (!file) throw new UsageError('keys init needs --key-file PATH');
    if (existsSync(file)) throw new UsageError(`${file} exists already; it is never overwritten`);
    writeKeyFile(file, generateKeyring());
    console.log(`Created ${file} (readable by its owner only). Keep a copy in a safe place apart from the backups: without it the data cannot be read.`);
    return 0;
  }
  const config = loadConfig({ ...env, MELDROUTE_DEMO: 'false' });
  if (sub === 'rotate') {
    if (config.keys.kind !== 'file') {
      throw new UsageError('keys rotate needs MELDROUTE_KEY_FILE; with MELDROUTE_KEYS add a key to the variable yourself, restart, then run `keys reencrypt`');
    }
    const file = config.keys.path;
    const rotated = addActiveKey(readKeyFile(file));
    writeKeyFile(file, rotated);
    console.log(`New active key ${rotated.activeKeyId} written to ${file}; running instances pick it up within a minute.`);
  } else if (sub !== 'reencrypt' && sub !== 'status') {
    throw new UsageError(`unknown keys command "${sub ?? ''}"`);
  }
  const { vault } = openVault(config.keys, env);
  return withMigratedDatabase(env, async (database) => {
    const keys = createKeysService({ database, vault });
    if (sub === 'rotate') {
      await audit(database.db, null, { action: 'keys.rotate', objectType: 'encryption_key', objectId: vault.activeKeyId, result: 'ok', details: { via: 'cli' } });
    }
    if (sub !== 'status') {
      const result = await keys.reencryptAll();
      console.log(`Re-encrypted ${result.reencrypted} values in ${result.passes} pass(es).`);
    }
    const status = await keys.status();
    console.log(`Active key: ${status.activeKeyId}`);
    for (const v of status.values) console.log(`  ${v.keyId ?? '(not encrypted)'}: ${v.count} values`);
    return 0;
  });
}

/** `entities rekey`: recompute entity_keys from the entities' encrypted data (entities/rekey.ts). */
async function entitiesCommand(env: NodeJS.ProcessEnv, sub: string | undefined): Promise<number> {
  if (sub !== 'rekey') throw new UsageError(`unknown entities command "${sub ?? ''}"`);
  const config = loadConfig({ ...env, MELDROUTE_DEMO: 'false' });
  const { vault } = openVault(config.keys, env);
  return withMigratedDatabase(env, async (database) => {
    const result = await rekeyEntities({ db: database.db, vault });
    console.log(`Recomputed the matching keys of ${result.entities} entities.`);
    return 0;
  });
}

/** `import KIND FILE`: a register extract, in one transaction; prints the report. */
async function importCommand(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  let values: { 'accept-valid'?: boolean | undefined; replace?: boolean | undefined; 'dry-run'?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'accept-valid': { type: 'boolean' }, replace: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [kind, file, ...extra] = positionals;
  if (!kind || !file || extra.length > 0) throw new UsageError('import needs KIND and FILE.csv');
  if (!(REGISTER_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown register kind "${kind}" (one of ${REGISTER_KINDS.join(', ')})`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no file ${file}`);
  const config = loadConfig({ ...env, MELDROUTE_DEMO: 'false' });
  const { vault } = openVault(config.keys, env);
  return withDatabase(env, async (database, municipality) => {
    const registers = createRegisterService({ db: database.db, clock: systemClock, vault });
    const started = performance.now();
    const report = await registers.importCsv(null, kind as RegisterKind, createReadStream(file), {
      municipalityId: municipality.id,
      acceptValid: values['accept-valid'] ?? false,
      replace: values.replace ?? false,
      dryRun: values['dry-run'] ?? false,
    });
    printImportReport(report, (performance.now() - started) / 1000);
    const wouldApply = !report.fileError && (report.rejectedRows === 0 || (values['accept-valid'] ?? false));
    return report.applied || (report.dryRun && wouldApply) ? 0 : 1;
  });
}

function printImportReport(report: RegisterImportReport, seconds: number): void {
  const rate = seconds > 0 ? Math.round(report.rows / seconds) : report.rows;
  console.log(`Register ${report.kind}: ${report.rows} rows read, ${report.valid} valid, ${report.rejectedRows} rejected (${seconds.toFixed(1)} s, ${rate} rows/s).`);
  const verb = report.applied ? '' : ' (not applied)';
  console.log(`  inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}, removed ${report.removed}${verb}`);
  for (const r of report.rejected) console.log(`  line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
  if (report.rejected.length >= REJECTED_LIST_LIMIT) console.log(`  … only the first ${REJECTED_LIST_LIMIT} problems are listed`);
  if (report.dryRun) console.log('Dry run: nothing was written.');
  else if (report.applied) console.log(`Applied. The register now holds ${report.rowCount} records.`);
  else if (report.fileError) console.log('Nothing was applied: the file cannot be read as this register.');
  else console.log('Nothing was applied: fix the rejected rows, or run again with --accept-valid to apply the valid ones.');
}

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'migrate':
        await withDatabase(env, async () => undefined);
        console.log('Database is up to date.');
        return 0;
      case 'users':
        await usersCommand(env, sub, rest);
        return 0;
      case 'audit':
        return await auditCommand(env, sub, rest);
      case 'keys':
        return await keysCommand(env, sub, rest);
      case 'import':
        return await importCommand(env, argv.slice(1));
      case 'entities':
        return await entitiesCommand(env, sub);
      case 'backup':
        return await backupCommand(env, argv.slice(1));
      case 'restore':
        return await restoreCommand(env, argv.slice(1));
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof KeyringError) {
      console.error(`meldroute: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof BackupError || error instanceof BackupFileError || error instanceof PgToolError) {
      console.error(`meldroute ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
