import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

/**
 * The backup file of `meldroute backup` (docs/backup.md): a plain tar archive with two files,
 *
 *   manifest.json        what the backup is (below), with the SHA-256 of the second file
 *   pglite-data.tar.gz   PGlite: the data directory (dumpDataDir), or
 *   database.pgdump      PostgreSQL: `pg_dump --format=custom`
 *
 * so that `tar -xf` gives an operator the pg_dump archive for pg_restore without Meldroute.
 * The manifest comes first: restore reads and checks it before it touches anything.
 */
export const BACKUP_FORMAT = 'meldroute-backup';
/** Raised when the layout or the meaning of a manifest field changes; restore refuses newer versions. */
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST_NAME = 'manifest.json';
const MANIFEST_MAX_BYTES = 64 * 1024;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const backupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  database: z.enum(['pglite', 'postgres']),
  createdAt: z.iso.datetime(),
  appVersion: z.string(),
  /** The tool that wrote the payload (`pg_dump (PostgreSQL) 15.20`) and the server's version. */
  tool: z.string(),
  serverVersion: z.string(),
  /** How far the database was migrated: applied migrations, the last one's timestamp and file name. */
  schema: z.object({ migrations: z.number().int().nonnegative(), lastWhen: z.number().int(), lastTag: z.string().nullable() }),
  /** Ids of the encryption keys that protect values in the backup (never the keys themselves). */
  keyIds: z.array(z.string()),
  /** The audit chain's head when the backup was taken; after a restore the chain must still contain it. */
  auditHead: z.object({ seq: z.number().int().positive(), hash: sha256Hex }).nullable(),
  payload: z.object({ file: z.string().regex(/^[a-z0-9.-]{1,60}$/), bytes: z.number().int().nonnegative(), sha256: sha256Hex }),
});
export type BackupManifest = z.infer<typeof backupManifest>;

/** A file that is not a usable backup, with the reason for the operator. */
export class BackupFileError extends Error {}

// --- tar (ustar) ---------------------------------------------------------------------------

const BLOCK = 512;
const OCTAL_SIZE_LIMIT = 8 ** 11; // larger sizes use GNU tar's base-256 form

function octal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, 0o600);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  if (size < OCTAL_SIZE_LIMIT) octal(header, 124, 12, size);
  else {
    header[124] = 0x80;
    header.writeBigUInt64BE(BigInt(size), 128);
  }
  octal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.write('0', 156, 'latin1');
  header.write('ustar\u000000', 257, 'latin1');
  octal(header, 148, 7, headerChecksum(header));
  header[155] = 0x20;
  return header;
}

/** One header: the file's name and size, null for the end-of-archive block; throws when it is no tar header. */
function parseTarHeader(header: Buffer): { name: string; size: number } | null {
  if (header.length < BLOCK) throw new BackupFileError('it ends too early');
  if (header.every((b) => b === 0)) return null;
  const stored = Number.parseInt(header.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  if (stored !== headerChecksum(header)) throw new BackupFileError('it is not a tar archive');
  const text = (from: number, to: number) => header.toString('utf8', from, to).replace(/\0.*$/s, '');
  const size = header[124]! & 0x80 ? Number(header.readBigUInt64BE(128)) : Number.parseInt(text(124, 136).trim() || '0', 8);
  return { name: text(0, 100), size };
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

// --- writing -------------------------------------------------------------------------------

/** Payload from memory (PGlite's tarball) or from a file (pg_dump's archive). */
export type PayloadSource = { name: string; data: Uint8Array } | { name: string; path: string };

async function digestOf(source: PayloadSource): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  if ('data' in source) return { bytes: source.data.length, sha256: hash.update(source.data).digest('hex') };
  await pipeline(createReadStream(source.path), hash);
  return { bytes: statSync(source.path).size, sha256: hash.digest('hex') };
}

/**
 * Write a backup file: the manifest (with the payload's size and SHA-256) and the payload. Written to
 * `FILE.partial` (readable by its owner only) and renamed when complete; an existing file is never replaced.
 */
export async function writeBackupFile(file: string, manifest: Omit<BackupManifest, 'payload' | 'format' | 'formatVersion'>, source: PayloadSource): Promise<BackupManifest> {
  if (existsSync(file)) throw new BackupFileError(`${file} exists already; a backup never replaces a file`);
  const complete: BackupManifest = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, ...manifest, payload: { file: source.name, ...(await digestOf(source)) } };
  const json = Buffer.from(`${JSON.stringify(complete, null, 2)}\n`, 'utf8');
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600, flags: 'wx' });
  const write = async (chunk: Uint8Array) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    const mtime = new Date(complete.createdAt);
    await write(Buffer.concat([tarHeader(MANIFEST_NAME, json.length, mtime), json, Buffer.alloc(padding(json.length))]));
    await write(tarHeader(source.name, complete.payload.bytes, mtime));
    if ('data' in source) await write(source.data);
    else for await (const chunk of createReadStream(source.path)) await write(chunk as Buffer);
    out.end(Buffer.alloc(padding(complete.payload.bytes) + 2 * BLOCK));
    await once(out, 'finish');
    renameSync(partial, file);
    return complete;
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

// --- reading -------------------------------------------------------------------------------

/** A backup file whose manifest has been read; the payload is `size` bytes from `offset`. */
export interface BackupFile {
  path: string;
  manifest: BackupManifest;
  payload: { offset: number; size: number };
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/**
 * Read and check the manifest of a backup file: refuses a file that is not a Meldroute backup, a damaged
 * manifest, a newer format, or a payload that is cut off. The checksum is checked by verifyPayload().
 */
export function openBackupFile(file: string): BackupFile {
  if (!existsSync(file)) throw new BackupFileError(`${file} does not exist`);
  const notABackup = (reason: string) => new BackupFileError(`${file} is not a Meldroute backup: ${reason}`);
  const fd = openSync(file, 'r');
  try {
    const total = statSync(file).size;
    let first;
    try {
      first = parseTarHeader(readAt(fd, 0, BLOCK));
    } catch (error) {
      throw notABackup((error as Error).message);
    }
    if (!first || first.name !== MANIFEST_NAME || first.size > MANIFEST_MAX_BYTES) throw notABackup(`its first file is not ${MANIFEST_NAME}`);
    let raw: unknown;
    try {
      raw = JSON.parse(readAt(fd, BLOCK, first.size).toString('utf8'));
    } catch {
      throw notABackup(`${MANIFEST_NAME} is not valid JSON`);
    }
    const head = z.object({ format: z.string(), formatVersion: z.number() }).safeParse(raw);
    if (!head.success || head.data.format !== BACKUP_FORMAT) throw notABackup(`${MANIFEST_NAME} does not describe one`);
    if (head.data.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupFileError(
        `${file} was made by a newer version of Meldroute (backup format ${head.data.formatVersion}; this version reads format ${BACKUP_FORMAT_VERSION} and older): upgrade Meldroute first`,
      );
    }
    const parsed = backupManifest.safeParse(raw);
    if (!parsed.success) {
      throw new BackupFileError(`${file}: the manifest is damaged (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
    }
    const manifest = parsed.data;
    const payloadHeaderAt = BLOCK + first.size + padding(first.size);
    let second;
    try {
      second = parseTarHeader(readAt(fd, payloadHeaderAt, BLOCK));
    } catch (error) {
      throw new BackupFileError(`${file} is damaged: the database part ${(error as Error).message === 'it ends too early' ? 'is missing' : 'has no valid header'}`);
    }
    if (!second || second.name !== manifest.payload.file || second.size !== manifest.payload.bytes) {
      throw new BackupFileError(`${file} is damaged: the database part does not match the manifest`);
    }
    const offset = payloadHeaderAt + BLOCK;
    if (offset + second.size > total) throw new BackupFileError(`${file} is damaged: it is cut off (${total} bytes; expected at least ${offset + second.size})`);
    return { path: file, manifest, payload: { offset, size: second.size } };
  } finally {
    closeSync(fd);
  }
}

/** The payload's bytes as a stream. */
export function payloadStream(backup: BackupFile) {
  return createReadStream(backup.path, { start: backup.payload.offset, end: backup.payload.offset + backup.payload.size - 1 });
}

/** The payload's bytes in memory (PGlite's data directory; loadDataDir takes it whole). */
export function readPayload(backup: BackupFile): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(backup.payload.size);
  const fd = openSync(backup.path, 'r');
  try {
    for (let done = 0; done < data.length; ) {
      const read = readSync(fd, data, done, data.length - done, backup.payload.offset + done);
      if (read === 0) throw new BackupFileError(`${backup.path} is damaged: it is cut off`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return data;
}

/** Compare the payload's SHA-256 with the manifest's; throws on a damaged file. */
export async function verifyPayload(backup: BackupFile): Promise<void> {
  const hash = createHash('sha256');
  if (backup.payload.size > 0) await pipeline(payloadStream(backup), hash);
  if (hash.digest('hex') !== backup.manifest.payload.sha256) {
    throw new BackupFileError(`${backup.path} is damaged: the checksum (SHA-256) of ${backup.manifest.payload.file} does not match the manifest`);
  }
}
