import { existsSync } from 'node:fs';
import type { KeysConfig } from '../config.js';
import { generateKeyring, KeyringError, parseKeyring, writeKeyFile } from './keyring.js';
import { fileKeySource, staticKeySource, Vault } from './vault.js';

/**
 * The vault the application uses, from the configured key source. Outside production a
 * missing key file is created (development and demo); in production a missing or
 * invalid key stops the start (KeyringError names the source, never a key).
 */
export function openVault(keys: KeysConfig, env: NodeJS.ProcessEnv = process.env): { vault: Vault; created: boolean } {
  if (keys.kind === 'missing') throw new KeyringError(keys.message);
  if (keys.kind === 'env') {
    return { vault: new Vault(staticKeySource(parseKeyring(env.MELDROUTE_KEYS ?? '', 'MELDROUTE_KEYS'))), created: false };
  }
  let created = false;
  if (!existsSync(keys.path) && keys.createIfMissing) {
    writeKeyFile(keys.path, generateKeyring());
    created = true;
  }
  return { vault: new Vault(fileKeySource(keys.path)), created };
}
