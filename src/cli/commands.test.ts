import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../server/db/client.js';
import { findUserByUsername } from '../server/modules/users/user.repo.js';
import { verifyPassword } from '../server/modules/auth/password.js';
import { run } from './commands.js';

/** The CLI on an embedded database in a temporary directory. */
describe('meldroute CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const output: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'meldroute-cli-'));
    env = { MELDROUTE_DATA_DIR: dir, NODE_ENV: 'production' };
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  async function user(username: string) {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      return await findUserByUsername(database.db, username);
    } finally {
      await database.close();
    }
  }

  it('creates an admin in production with a temporary password that must be changed', async () => {
    output.length = 0;
    expect(await run(['users', 'create', '--username', 'beheer', '--name', 'Beheer Lopik', '--role', 'admin'], env)).toBe(0);
    const password = output.join('\n').match(/\n\s+(\S+)$/)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const created = await user('beheer');
    expect(created?.role).toBe('admin');
    expect(created?.mustChangePassword).toBe(true);
    expect(await verifyPassword(created!.passwordHash, password!)).toBe(true);
  });

  it('rejects an unknown role and a duplicate username with exit code 2', async () => {
    expect(await run(['users', 'create', '--username', 'x1', '--name', 'X', '--role', 'boss'], env)).toBe(2);
    expect(await run(['users', 'create', '--username', 'beheer', '--name', 'Again', '--role', 'admin'], env)).toBe(2);
    expect(await user('x1')).toBeUndefined();
  });

  it('switches two-factor login off for a user who lost phone and recovery codes', async () => {
    expect(await run(['users', 'create', '--username', 'kwijt', '--name', 'Telefoon Kwijt', '--role', 'coordinator'], env)).toBe(0);
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      await database.db.execute(sql`update users set totp_enabled = true, totp_secret = 'JBSWY3DPEHPK3PXP', failed_logins = 3 where username = 'kwijt'`);
    } finally {
      await database.close();
    }
    expect(await run(['users', 'reset-2fa', 'kwijt'], env)).toBe(0);
    expect(await user('kwijt')).toMatchObject({ totpEnabled: false, totpSecret: null, failedLogins: 0, lockedUntil: null });
    expect(await run(['users', 'reset-2fa', 'nobody'], env)).toBe(2);
  });

  it('resets a password and deactivates an account', async () => {
    const before = (await user('beheer'))!.passwordHash;
    expect(await run(['users', 'reset-password', 'beheer'], env)).toBe(0);
    expect((await user('beheer'))!.passwordHash).not.toBe(before);
    expect(await run(['users', 'deactivate', 'beheer'], env)).toBe(0);
    expect((await user('beheer'))!.active).toBe(false);
  });

  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  it('audit verify: walks the hash chain and prints OK with the count and the head', async () => {
    output.length = 0;
    expect(await run(['audit', 'verify'], env)).toBe(0);
    const line = output.join('\n');
    const count = await withDatabase(async (database) => {
      const rows = (await database.db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { rows: { n: number }[] };
      return rows.rows[0]!.n;
    });
    // The CLI's own user commands above were audited: seed, create, reset-password, deactivate.
    expect(count).toBeGreaterThanOrEqual(4);
    expect(line).toMatch(new RegExp(`^Audit chain OK: ${count} entries; head ${count}:[0-9a-f]{64}\\.$`));
  });

  it('audit verify --anchor: accepts a head recorded earlier, refuses one that is not in the chain', async () => {
    output.length = 0;
    await run(['audit', 'verify'], env);
    const anchor = output.join('\n').match(/head (\d+:[0-9a-f]{64})/)![1]!;
    expect(await run(['users', 'create', '--username', 'later', '--name', 'Later', '--role', 'analyst'], env)).toBe(0);
    output.length = 0;
    expect(await run(['audit', 'verify', '--anchor', anchor], env)).toBe(0);
    expect(output.join('\n')).toContain(`anchor ${anchor.split(':')[0]} found`);
    output.length = 0;
    const wrong = `${anchor.split(':')[0]}:${'ab'.repeat(32)}`;
    expect(await run(['audit', 'verify', '--anchor', wrong], env)).toBe(1);
    expect(output.join('\n')).toContain(`does not match the anchor: expected hash ${'ab'.repeat(32)}`);
    expect(await run(['audit', 'verify', '--anchor', 'not-an-anchor'], env)).toBe(2);
    expect(await run(['audit', 'frobnicate'], env)).toBe(2);
    expect(await run(['audit', 'verify', '--no-such-option'], env)).toBe(2);
  });

  it('audit verify: the tamper test, a row altered with superuser rights is named, exit code 1', async () => {
    const target = await withDatabase(async (database) => {
      const rows = (await database.db.execute(sql`select id::int as id, seq::int as seq, hash from audit_log where action = 'user.reset_password'`)) as unknown as {
        rows: { id: number; seq: number; hash: string }[];
      };
      const row = rows.rows[0]!;
      // The trigger refuses the UPDATE; the superuser disables it, changes the row, and enables it again.
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
        await tx.execute(sql`update audit_log set action = 'user.create' where id = ${row.id}`);
        await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
      });
      return row;
    });
    output.length = 0;
    expect(await run(['audit', 'verify'], env)).toBe(1);
    const text = output.join('\n');
    expect(text).toContain(`Audit chain BROKEN: entry seq ${target.seq} (id ${target.id}) was altered: expected hash `);
    expect(text).toContain(`stored hash ${target.hash}`);
    expect(text).toContain(`Intact before the break: ${target.seq - 1} entries`);
  });

  it('recomputes the matching keys of every entity (entities rekey); usage error for another subcommand', async () => {
    const keyFile = path.join(dir, 'rekey-keys.json');
    const withKeys = { ...env, MELDROUTE_KEY_FILE: keyFile };
    expect(await run(['keys', 'init', '--key-file', keyFile], withKeys)).toBe(0);
    output.length = 0;
    expect(await run(['entities', 'rekey'], withKeys)).toBe(0);
    expect(output.join('\n')).toMatch(/Recomputed the matching keys of \d+ entities\./);
    expect(await run(['entities', 'frobnicate'], withKeys)).toBe(2);
  });

  it('prints usage for an unknown command', async () => {
    output.length = 0;
    expect(await run(['frobnicate'], env)).toBe(2);
    expect(output.join('\n')).toContain('Usage: meldroute');
  });
});
