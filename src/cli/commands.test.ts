import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../server/db/client.js';
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

  it('resets a password and deactivates an account', async () => {
    const before = (await user('beheer'))!.passwordHash;
    expect(await run(['users', 'reset-password', 'beheer'], env)).toBe(0);
    expect((await user('beheer'))!.passwordHash).not.toBe(before);
    expect(await run(['users', 'deactivate', 'beheer'], env)).toBe(0);
    expect((await user('beheer'))!.active).toBe(false);
  });

  it('prints usage for an unknown command', async () => {
    output.length = 0;
    expect(await run(['frobnicate'], env)).toBe(2);
    expect(output.join('\n')).toContain('Usage: meldroute');
  });
});
