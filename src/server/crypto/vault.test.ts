import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { addActiveKey, generateKeyring, KeyringError, parseKeyring, readKeyFile, toDocument, withoutKeys, writeKeyFile } from './keyring.js';
import { openVault } from './open-vault.js';
import { DecryptionError, fileKeySource, keyIdOf, placeOf, staticKeySource, Vault } from './vault.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mr-vault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vault: AES-256-GCM per value', () => {
  const vault = new Vault(staticKeySource(generateKeyring()));
  const place = placeOf('signal_persons', 'full_name', '7b0e…record');

  it('round-trips text, including unicode and empty strings, under the active key id', () => {
    for (const text of ['Jan van der Berg', '', 'Ö. Yılmaz — 🚐 \n tab\t', 'x'.repeat(20_000)]) {
      const sealed = vault.encrypt(text, place);
      expect(sealed).toMatch(/^mr1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
      expect(keyIdOf(sealed)).toBe(vault.activeKeyId);
      expect(sealed).not.toContain(text || '\u0000');
      expect(vault.decrypt(sealed, place)).toBe(text);
    }
  });

  it('uses a fresh nonce for every value: the same text encrypts differently each time', () => {
    const a = vault.encrypt('Jan', place);
    const b = vault.encrypt('Jan', place);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(':')[2]!, 'base64url').subarray(0, 12)).not.toEqual(Buffer.from(b.split(':')[2]!, 'base64url').subarray(0, 12));
  });

  it('binds the value to its record and column: moved elsewhere it does not decrypt', () => {
    const sealed = vault.encrypt('Jan', place);
    expect(() => vault.decrypt(sealed, placeOf('signal_persons', 'full_name', 'another-record'))).toThrow(DecryptionError);
    expect(() => vault.decrypt(sealed, placeOf('signal_persons', 'email', '7b0e…record'))).toThrow(DecryptionError);
  });

  it('detects tampering with the ciphertext, the tag or the format', () => {
    const sealed = vault.encrypt('Jan van der Berg', place);
    const [prefix, kid, body] = sealed.split(':') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0x01;
      expect(() => vault.decrypt(`${prefix}:${kid}:${flipped.toString('base64url')}`, place), `byte ${at}`).toThrow(DecryptionError);
    }
    for (const broken of ['Jan van der Berg', 'mr1::abc', `mr2:${kid}:${body}`, `mr1:${kid}:AAAA`]) {
      expect(() => vault.decrypt(broken, place)).toThrow(DecryptionError);
    }
    expect(() => vault.decrypt(`mr1:unknown-key:${body}`, place)).toThrow(/unknown_key/);
  });

  it('decrypts values of an older key after rotation, and encrypts new values with the new key', () => {
    const before = generateKeyring();
    const old = new Vault(staticKeySource(before));
    const sealed = old.encrypt('Jan', place);
    const rotated = new Vault(staticKeySource(addActiveKey(before)));
    expect(rotated.activeKeyId).not.toBe(old.activeKeyId);
    expect(rotated.decrypt(sealed, place)).toBe('Jan');
    expect(rotated.needsReencryption(sealed)).toBe(true);
    expect(keyIdOf(rotated.encrypt('Jan', place))).toBe(rotated.activeKeyId);
    // A keyring without the old key cannot read it any more: that is what losing a key means.
    const retired = new Vault(staticKeySource(withoutKeys(addActiveKey(before), [before.activeKeyId])));
    expect(() => retired.decrypt(sealed, place)).toThrow(/unknown_key/);
  });

  it('blind indexes are deterministic per index key and separated per purpose', () => {
    const keyring = generateKeyring();
    const a = new Vault(staticKeySource(keyring));
    const rotatedDataKey = new Vault(staticKeySource(addActiveKey(keyring)));
    const otherIndexKey = new Vault(staticKeySource(generateKeyring()));
    expect(a.blindIndex('person.name', 'jan van der berg')).toBe(a.blindIndex('person.name', 'jan van der berg'));
    expect(a.blindIndex('person.name', 'jan van der berg')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.blindIndex('person.name', 'jan')).not.toBe(a.blindIndex('organisation.name', 'jan'));
    // Rotating data keys leaves the indexes valid; another index key gives other indexes.
    expect(rotatedDataKey.blindIndex('email', 'a@b.nl')).toBe(a.blindIndex('email', 'a@b.nl'));
    expect(otherIndexKey.blindIndex('email', 'a@b.nl')).not.toBe(a.blindIndex('email', 'a@b.nl'));
  });
});

describe('keyring: key file and configuration', () => {
  it('validates the document and names the problem without showing a key', () => {
    const doc = toDocument(generateKeyring());
    expect(() => parseKeyring('{', 'keys.json')).toThrow(KeyringError);
    expect(() => parseKeyring(JSON.stringify({ ...doc, activeKeyId: 'nope' }), 'keys.json')).toThrow(/activeKeyId/);
    const short = { ...doc, indexKey: Buffer.alloc(16).toString('base64') };
    let message = '';
    try {
      parseKeyring(JSON.stringify(short), 'keys.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/indexKey must be 32 bytes/);
    for (const secret of Object.values(doc.keys)) expect(message).not.toContain(secret);
  });

  it('writes the key file readable by its owner only and reads it back', () => {
    const file = path.join(dir, 'keys.json');
    const keyring = generateKeyring();
    writeKeyFile(file, keyring);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(toDocument(readKeyFile(file))).toEqual(toDocument(keyring));
  });

  it('a file key source picks up a rotated key file without a restart', () => {
    const file = path.join(dir, 'live-keys.json');
    const first = generateKeyring();
    writeKeyFile(file, first);
    const vault = new Vault(fileKeySource(file, 0));
    const place = placeOf('signals', 'explanation', 'r1');
    const old = vault.encrypt('tekst', place);
    const rotated = addActiveKey(first);
    writeKeyFile(file, rotated);
    expect(keyIdOf(vault.encrypt('tekst', place))).toBe(rotated.activeKeyId);
    expect(vault.decrypt(old, place)).toBe('tekst');
  });

  it('a value under a key the instance has not seen yet makes it re-read the key file', () => {
    const file = path.join(dir, 'lazy-keys.json');
    const first = generateKeyring();
    writeKeyFile(file, first);
    const reader = new Vault(fileKeySource(file, 60 * 60 * 1000)); // would not look again for an hour
    const rotated = addActiveKey(first);
    writeKeyFile(file, rotated);
    const place = placeOf('signals', 'explanation', 'r2');
    const fromOtherInstance = new Vault(staticKeySource(rotated)).encrypt('nieuw', place);
    expect(reader.decrypt(fromOtherInstance, place)).toBe('nieuw');
  });

  it('outside production a key file is created on first start; in production a key is required', () => {
    const dataDir = path.join(dir, 'data');
    const config = loadConfig({ MELDROUTE_DATA_DIR: dataDir });
    expect(config.keys).toEqual({ kind: 'file', path: path.join(dataDir, 'keys.json'), createIfMissing: true });
    expect(openVault(config.keys).created).toBe(true);
    expect(openVault(config.keys).created).toBe(false);

    const production = loadConfig({ NODE_ENV: 'production', MELDROUTE_DATA_DIR: dataDir });
    expect(() => openVault(production.keys)).toThrow(/MELDROUTE_KEY_FILE/);
    const missingFile = loadConfig({ NODE_ENV: 'production', MELDROUTE_KEY_FILE: path.join(dir, 'absent.json') });
    expect(() => openVault(missingFile.keys)).toThrow(/not found/);
  });

  it('reads keys from MELDROUTE_KEYS, and refuses both sources at once', () => {
    const json = JSON.stringify(toDocument(generateKeyring()));
    const config = loadConfig({ NODE_ENV: 'production', MELDROUTE_KEYS: json });
    expect(config.keys).toEqual({ kind: 'env' });
    expect(openVault(config.keys, { MELDROUTE_KEYS: json }).vault.activeKeyId).toMatch(/^k/);
    expect(() => loadConfig({ MELDROUTE_KEYS: json, MELDROUTE_KEY_FILE: 'x.json' })).toThrow(/not both/);
  });
});
