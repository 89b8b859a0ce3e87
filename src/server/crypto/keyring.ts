import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The keys that protect personal data at rest. They live outside the database: in a
 * key file (MELDROUTE_KEY_FILE) or an environment variable (MELDROUTE_KEYS) holding
 * the same JSON document:
 *
 * {
 *   "activeKeyId": "k-2026-11-28",
 *   "keys": { "k-2026-11-28": "<32 bytes, base64>", "k-2025-01-01": "<…>" },
 *   "indexKey": "<32 bytes, base64>"
 * }
 *
 * - `keys` are AES-256-GCM data keys, each with an id that is written next to every
 *   value it encrypted; old keys stay until `meldroute keys status` shows no value
 *   uses them any more.
 * - `indexKey` is the HMAC-SHA-256 key of the blind indexes (searching without
 *   plaintext). It is not rotated with the data keys: changing it means recomputing
 *   every index (`meldroute keys rotate` does not touch it).
 *
 * Losing this document means losing every encrypted value: there is no other copy
 * and no back door (docs/security.md, "Key management").
 */
const keyMaterial = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded');
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only (max 40)');

export const keyringDocument = z
  .object({
    activeKeyId: keyId,
    keys: z.record(keyId, keyMaterial).refine((k) => Object.keys(k).length > 0, 'at least one key'),
    indexKey: keyMaterial,
  })
  .refine((d) => d.activeKeyId in d.keys, { message: 'activeKeyId must name one of keys', path: ['activeKeyId'] });
export type KeyringDocument = z.infer<typeof keyringDocument>;

export interface Keyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  indexKey: Buffer;
}

export class KeyringError extends Error {}

export function parseKeyring(json: string, source: string): Keyring {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new KeyringError(`${source}: not valid JSON`);
  }
  const parsed = keyringDocument.safeParse(raw);
  if (!parsed.success) {
    throw new KeyringError(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'} ${i.message}`).join('; ')}`);
  }
  return fromDocument(parsed.data);
}

export function fromDocument(doc: KeyringDocument): Keyring {
  return {
    activeKeyId: doc.activeKeyId,
    keys: new Map(Object.entries(doc.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')])),
    indexKey: Buffer.from(doc.indexKey, 'base64'),
  };
}

export function toDocument(keyring: Keyring): KeyringDocument {
  return {
    activeKeyId: keyring.activeKeyId,
    keys: Object.fromEntries([...keyring.keys].map(([id, key]) => [id, key.toString('base64')])),
    indexKey: keyring.indexKey.toString('base64'),
  };
}

/** A key id that sorts by creation time and is unique within a second. */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

/** A fresh keyring: one data key and an index key. */
export function generateKeyring(now = new Date()): Keyring {
  const id = newKeyId(now);
  return { activeKeyId: id, keys: new Map([[id, randomBytes(32)]]), indexKey: randomBytes(32) };
}

/** The same keyring with a new active data key; the old keys stay for decryption. */
export function addActiveKey(keyring: Keyring, now = new Date()): Keyring {
  const id = newKeyId(now);
  return { activeKeyId: id, keys: new Map([...keyring.keys, [id, randomBytes(32)]]), indexKey: keyring.indexKey };
}

/** The same keyring without data keys no value uses any more (never the active one). */
export function withoutKeys(keyring: Keyring, retired: Iterable<string>): Keyring {
  const drop = new Set(retired);
  drop.delete(keyring.activeKeyId);
  return { ...keyring, keys: new Map([...keyring.keys].filter(([id]) => !drop.has(id))) };
}

export function readKeyFile(file: string): Keyring {
  if (!existsSync(file)) throw new KeyringError(`${file}: key file not found`);
  return parseKeyring(readFileSync(file, 'utf8'), file);
}

/** Write a key file readable by its owner only, atomically (write + rename). */
export function writeKeyFile(file: string, keyring: Keyring): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(toDocument(keyring), null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
