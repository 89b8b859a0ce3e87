/**
 * A feature's messages: Dutch first, and an English catalogue with exactly the
 * same keys (a missing or extra key is a type error).
 */
export function defineMessages<const NL extends Record<string, string>>(catalogue: {
  nl: NL;
  en: { [K in keyof NL]: string };
}): { nl: NL; en: { [K in keyof NL]: string } } {
  return catalogue;
}
