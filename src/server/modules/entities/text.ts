/**
 * Text helpers shared by the entity normalisers (pure, no I/O).
 */

/** Longest input any normaliser looks at; longer input is cut first, so work stays bounded. */
export const MAX_INPUT = 512;

/** Letters that Unicode decomposition does not fold to ASCII. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ı: 'i', // Turkish dotless i
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ŀ: 'l',
  ſ: 's',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu');

/**
 * Lowercase and fold diacritics: "Ö. Yılmaz" → "o. yilmaz", "İbrahim" → "ibrahim",
 * "Groß" → "gross", "ĳssel" → "ijssel" (ligature). Other scripts keep their letters.
 */
export function fold(raw: string): string {
  return raw
    .slice(0, MAX_INPUT)
    .normalize('NFKD') // first, so compatibility forms ("𝔸", "ﬁ") are letters that lowercase
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c);
}

/** Every apostrophe-like character as "'". */
export function unifyApostrophes(s: string): string {
  return s.replace(/[\u2018\u2019\u201B\u02BC\u0060\u00B4\u2032]/g, "'");
}

/** Only the letters of a folded string: "berg-de vries" → "bergdevries", "'t hart" → "thart". */
export function lettersOnly(s: string): string {
  return s.replace(/[^\p{L}]+/gu, '');
}

/**
 * Trigrams of each word the way PostgreSQL's pg_trgm makes them: the word padded with two
 * spaces in front and one behind, deduplicated. "berg" → ["  b", " be", "ber", "erg", "rg "].
 * Words are runs of letters and digits; everything else separates words.
 */
export function trigrams(s: string): string[] {
  const out = new Set<string>();
  for (const word of s.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const chars = Array.from(`  ${word} `);
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return [...out];
}

/** Dice coefficient of two sets: 2·|A∩B| / (|A|+|B|); 0 when both are empty. */
export function dice(a: Iterable<string>, b: Iterable<string>): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size + setB.size === 0) return 0;
  let common = 0;
  for (const x of setA) if (setB.has(x)) common++;
  return (2 * common) / (setA.size + setB.size);
}
