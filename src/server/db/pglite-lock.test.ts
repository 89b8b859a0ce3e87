import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { DataDirInUseError, PGLITE_LOCK_FILE, acquirePgliteLock, pgliteLockHolder } from './pglite-lock.js';

/** A process that is alive while the test needs it (its pid stands for "the running server"). */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL'))) };
}

describe('one process per PGlite data directory', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meldroute-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the directory while the database is open and lets go when it is closed', async () => {
    const dir = newDir();
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    const lock = JSON.parse(readFileSync(path.join(dir, PGLITE_LOCK_FILE), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await database.close();
    expect(existsSync(path.join(dir, PGLITE_LOCK_FILE))).toBe(false);
  });

  it('refuses a directory another live process holds, and takes it over once that process is gone', async () => {
    const dir = newDir();
    const other = otherProcess();
    writeFileSync(path.join(dir, PGLITE_LOCK_FILE), JSON.stringify({ pid: other.pid, host: (await import('node:os')).hostname() }));
    expect(pgliteLockHolder(dir)).toBe(other.pid);
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirInUseError);
    expect(() => acquirePgliteLock(dir)).toThrow(`in use by process ${other.pid}`);
    // Killed (as by SIGKILL or a crash): the lock is stale and the next process takes the directory.
    await other.stop();
    expect(pgliteLockHolder(dir)).toBeNull();
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await database.ping();
    expect(pgliteLockHolder(dir)).toBeNull(); // held by this process now
    await database.close();
  });

  it('treats a lock from another host (a shared volume) and a cut-off lock file as they are', () => {
    const dir = newDir();
    writeFileSync(path.join(dir, PGLITE_LOCK_FILE), JSON.stringify({ pid: 12345, host: 'elsewhere.example' }));
    expect(pgliteLockHolder(dir)).toBe(12345);
    expect(() => acquirePgliteLock(dir)).toThrow(DataDirInUseError);
    writeFileSync(path.join(dir, PGLITE_LOCK_FILE), '{"pid": 1');
    expect(pgliteLockHolder(dir)).toBeNull();
    const release = acquirePgliteLock(dir);
    expect(JSON.parse(readFileSync(path.join(dir, PGLITE_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(path.join(dir, PGLITE_LOCK_FILE))).toBe(false);
  });
});
