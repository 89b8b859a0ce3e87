import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { KeyringError, readKeyFile, type Keyring } from './keyring.js';

/**
 * Encryption of personal data at rest (AES-256-GCM, node:crypto) and blind indexes
 * (HMAC-SHA-256) for finding values without decrypting them.
 *
 * A stored value reads `mr1:<key id>:<base64url(nonce ‖ tag ‖ ciphertext)>`: a random
 * 96-bit nonce per value, the 128-bit tag, and as associated data the place the value
 * belongs to (`<table>.<column>:<record id>`), so a value copied to another column or
 * record does not decrypt. Repositories are the only callers (they know the place).
 */
const PREFIX = 'mr1';
const NONCE = 12;
const TAG = 16;

export class DecryptionError extends Error {
  constructor(readonly reason: 'format' | 'unknown_key' | 'authentication') {
    super(`value cannot be decrypted (${reason})`);
  }
}

/** Where the keyring comes from; a file source notices a rotated key file without a restart. */
export interface KeySource {
  current(): Keyring;
  /** Re-read the source if it can change; returns whether the keyring changed. */
  reload(): boolean;
}

export function staticKeySource(keyring: Keyring): KeySource {
  return { current: () => keyring, reload: () => false };
}

/**
 * A key file, re-read when its modification time changed (checked at most every
 * `checkEveryMs`) or when a value names a key id we do not know yet: after
 * `meldroute keys rotate` every running instance starts encrypting with the new key
 * and reads values written by the others, without a restart.
 */
export function fileKeySource(file: string, checkEveryMs = 30_000): KeySource {
  // A rotated key file is a new file (written and renamed): modification time, inode and size tell.
  const versionOf = (stat: { mtimeMs: number; ino: number; size: number }) => `${stat.mtimeMs}:${stat.ino}:${stat.size}`;
  let keyring = readKeyFile(file);
  let version = versionOf(statSync(file));
  let checkedAt = Date.now();
  const reload = (): boolean => {
    checkedAt = Date.now();
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return false; // keep the keys we have; a missing file is reported at the next start
    }
    if (versionOf(stat) === version) return false;
    try {
      keyring = readKeyFile(file);
      version = versionOf(stat);
      return true;
    } catch (error) {
      if (error instanceof KeyringError) return false; // half-written or invalid: keep the old keys
      throw error;
    }
  };
  return {
    current() {
      if (Date.now() - checkedAt >= checkEveryMs) reload();
      return keyring;
    },
    reload,
  };
}

export class Vault {
  constructor(private readonly source: KeySource) {}

  get activeKeyId(): string {
    return this.source.current().activeKeyId;
  }

  /** Whether the keyring holds a data key with this id (re-reading a key source that can change). */
  hasKey(keyId: string): boolean {
    return this.source.current().keys.has(keyId) || (this.source.reload() && this.source.current().keys.has(keyId));
  }

  encrypt(plaintext: string, aad: string): string {
    const keyring = this.source.current();
    const key = keyring.keys.get(keyring.activeKeyId)!;
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}:${keyring.activeKeyId}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(value: string, aad: string): string {
    const { keyId, payload } = splitValue(value);
    let key = this.source.current().keys.get(keyId);
    if (!key && this.source.reload()) key = this.source.current().keys.get(keyId);
    if (!key) throw new DecryptionError('unknown_key');
    if (payload.length < NONCE + TAG) throw new DecryptionError('format');
    const decipher = createDecipheriv('aes-256-gcm', key, payload.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(payload.subarray(NONCE, NONCE + TAG));
    try {
      return Buffer.concat([decipher.update(payload.subarray(NONCE + TAG)), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('authentication');
    }
  }

  encryptNullable(plaintext: string | null | undefined, aad: string): string | null {
    return plaintext === null || plaintext === undefined ? null : this.encrypt(plaintext, aad);
  }

  decryptNullable(value: string | null, aad: string): string | null {
    return value === null ? null : this.decrypt(value, aad);
  }

  /** Whether a stored value was encrypted with another key than the active one. */
  needsReencryption(value: string): boolean {
    return keyIdOf(value) !== this.activeKeyId;
  }

  /**
   * A blind index: HMAC-SHA-256 of an already normalised value under the index key,
   * separated per purpose so equal values of different kinds do not collide
   * (`person.name` vs `organisation.name`). Base64url, 43 characters.
   */
  blindIndex(purpose: string, normalised: string): string {
    return createHmac('sha256', this.source.current().indexKey).update(`${purpose}\u0000${normalised}`, 'utf8').digest('base64url');
  }
}

/**
 * The first 8 bytes of a blind index as a signed 64-bit integer: compact keys for large
 * index tables (entity_keys). At 10⁸ keys the chance of any collision is about 3·10⁻⁴, and a
 * collision only adds a candidate that the scoring then weighs.
 */
export function blindIndex64(vault: Vault, purpose: string, normalised: string): bigint {
  return Buffer.from(vault.blindIndex(purpose, normalised), 'base64url').readBigInt64BE(0);
}

export function keyIdOf(value: string): string {
  return splitValue(value).keyId;
}

function splitValue(value: string): { keyId: string; payload: Buffer } {
  const parts = value.split(':');
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1]) throw new DecryptionError('format');
  return { keyId: parts[1], payload: Buffer.from(parts[2]!, 'base64url') };
}

/** Associated data naming where a value belongs. */
export function placeOf(table: string, column: string, recordId: string): string {
  return `${table}.${column}:${recordId}`;
}

/** The values of one record: encrypt and decrypt by column, with the record bound as associated data. */
export interface RecordCipher {
  seal(column: string, plaintext: string): string;
  sealOpt(column: string, plaintext: string | null | undefined): string | null;
  open(column: string, value: string): string;
  openOpt(column: string, value: string | null): string | null;
}

export function recordCipher(vault: Vault, table: string, recordId: string): RecordCipher {
  const place = (column: string) => placeOf(table, column, recordId);
  return {
    seal: (column, plaintext) => vault.encrypt(plaintext, place(column)),
    sealOpt: (column, plaintext) => vault.encryptNullable(plaintext, place(column)),
    open: (column, value) => vault.decrypt(value, place(column)),
    openOpt: (column, value) => vault.decryptNullable(value, place(column)),
  };
}
