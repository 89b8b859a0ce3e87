import { generateKeyring } from '../crypto/keyring.js';
import { staticKeySource, Vault } from '../crypto/vault.js';

let shared: Vault | undefined;

/** One vault with fresh random keys per test process (tests that rotate keys make their own). */
export function testVault(): Vault {
  shared ??= new Vault(staticKeySource(generateKeyring()));
  return shared;
}
