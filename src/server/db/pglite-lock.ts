import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One process per PGlite data directory. PGlite leaves a postmaster.pid with a dummy pid and does not
 * check it, so a second process (a second server, `meldroute keys rotate` while the server runs) could
 * open the same files and corrupt them. `meldroute.lock` holds the pid and host of the process that has
 * the directory open; a lock whose process is gone (killed, crashed) is taken over.
 */
export const PGLITE_LOCK_FILE = 'meldroute.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data directory ${dataDir} is in use by process ${pid}: stop that process (the Meldroute server?) first`);
  }
}

interface LockContent {
  pid: number;
  host: string;
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : null;
  } catch {
    return null; // missing, or cut off by a crash while it was written: nobody holds it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid of ANOTHER live process on this host that holds the directory, or null. (A lock written on
 * another host — a shared volume — is treated as held: its process cannot be checked from here.)
 */
export function pgliteLockHolder(dataDir: string): number | null {
  const lock = readLock(path.join(dataDir, PGLITE_LOCK_FILE));
  if (!lock || lock.pid === process.pid) return null;
  if (lock.host !== hostname()) return lock.pid;
  return alive(lock.pid) ? lock.pid : null;
}

/** Take the directory for this process (throws DataDirInUseError); returns the release. */
export function acquirePgliteLock(dataDir: string): () => void {
  const file = path.join(dataDir, PGLITE_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockContent));
      closeSync(fd);
      return () => {
        if (readLock(file)?.pid === process.pid) unlinkSync(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = pgliteLockHolder(dataDir);
      if (holder !== null) throw new DataDirInUseError(dataDir, holder);
      // Held by this process already (a second handle in one process, as tests do), or stale: take it over.
      if (readLock(file)?.pid === process.pid) return () => undefined;
      unlinkSync(file);
    }
  }
  throw new DataDirInUseError(dataDir, readLock(file)?.pid ?? -1);
}
