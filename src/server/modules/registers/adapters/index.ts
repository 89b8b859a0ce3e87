import type { RegistersApiConfig } from '../../../config.js';
import { HaalCentraalBagLookup } from './haal-centraal-bag.js';
import { HaalCentraalBrpLookup } from './haal-centraal-brp.js';
import type { RegisterLookup } from './register-source.js';

export * from './register-source.js';
export { BRP_PERSON_FIELDS, HaalCentraalBrpLookup, type HaalCentraalBrpOptions } from './haal-centraal-brp.js';
export { HaalCentraalBagLookup, type HaalCentraalBagOptions } from './haal-centraal-bag.js';

export interface RegisterLookupOptions {
  /** Deadline per request; default 10 seconds. */
  timeoutMs?: number | undefined;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
}

/**
 * The live register lookups switched on in the configuration (`config.registersApi`): the BRP lookup when
 * MELDROUTE_BRP_API_URL is set, the BAG lookup when MELDROUTE_BAG_API_URL is set; an empty list when neither is.
 */
export function createRegisterLookups(config: RegistersApiConfig, options: RegisterLookupOptions = {}): RegisterLookup[] {
  const lookups: RegisterLookup[] = [];
  if (config.brp) lookups.push(new HaalCentraalBrpLookup({ ...config.brp, ...options }));
  if (config.bag) lookups.push(new HaalCentraalBagLookup({ ...config.bag, ...options }));
  return lookups;
}
