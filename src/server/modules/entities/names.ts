import { dutchPhoneticKey } from './phonetic.js';
import { dice, fold, lettersOnly, trigrams, unifyApostrophes } from './text.js';

/**
 * Dutch person names: parsing into given names, initials, tussenvoegsel (prefix) and surname,
 * and the matching keys derived from them.
 */

export interface ParsedDutchName {
  /** Written-out given names, folded: "Jan Willem" → ["jan", "willem"]. Initials are not here. */
  givenNames: string[];
  /** First letters of every given name and initial, uppercase: "J.W.", "Jan Willem" → "JW". */
  initials: string;
  /**
   * The tussenvoegsel, folded, words separated by one space: "van der", "de", "'t", "ter".
   * Abbreviations are expanded: "vd", "v.d.", "v/d" → "van der" (a guess between van de/der/den;
   * matching uses {@link prefixClass}, where the three are one class anyway).
   */
  prefix: string;
  /** The surname without the leading prefix, folded: "berg", "berg-de vries", "el amrani", "hart". */
  surname: string;
}

/** Words that are (part of) a Dutch tussenvoegsel or a foreign equivalent in the BRP table. */
const PREFIX_WORDS = new Set([
  'van', 'de', 'den', 'der', 'des', 'het', "'t", "'s", 'te', 'ten', 'ter', 'in', 'op', 'onder', 'over',
  'aan', 'bij', 'uit', 'uijt', 'voor', 'tot', 'toe', 'thoe', 'la', 'le', 'les', 'lo', 'du', 'da',
  'das', 'di', 'do', 'dos', 'del', 'della', 'dalla', 'dello', "d'", "l'", 'von', 'vom', 'zu', 'zum',
  'zur', 'am', 'auf', 'aus', 'im', 'vander', 'vanden', 'vande',
]);

/** Abbreviations of van de / van der / van den. */
const PREFIX_ABBREVIATIONS = new Set(['vd', 'vd.', 'v.d.', 'v.d', 'v/d', 'v/d.', 'v.d.r.']);

/**
 * Arabic and Berber particles that belong to the surname ("El Amrani", "Ben Ali", "Ait Said"):
 * they are kept in the surname, which is compared without spaces, so "El Amrani", "El-Amrani" and
 * "Elamrani" are one surname. At the very start of a name without comma only "el" is taken as a
 * particle ("El Amrani"); "Al", "Ben" and "Abu" there are given names ("Ben Ali": given name Ben).
 */
const PARTICLES = new Set(['el', 'al', 'ben', 'bin', 'ibn', 'abu', 'abou', 'ait', 'ould']);
const LEADING_PARTICLES = new Set(['el']);

type Token =
  | { kind: 'prefix'; words: string[] }
  | { kind: 'initials'; letters: string[] }
  | { kind: 'word'; text: string };

function classify(raw: string, original: string): Token[] {
  const t = raw;
  if (PREFIX_ABBREVIATIONS.has(t)) return [{ kind: 'prefix', words: ['van', 'der'] }];
  // "v." in lower case (as written) is "van"; "V." is an initial.
  if (t === 'v.' && original === 'v.') return [{ kind: 'prefix', words: ['van'] }];
  const bare = t.replace(/\.+$/, '');
  if (PREFIX_WORDS.has(bare)) {
    if (bare === 'vander') return [{ kind: 'prefix', words: ['van', 'der'] }];
    if (bare === 'vanden') return [{ kind: 'prefix', words: ['van', 'den'] }];
    if (bare === 'vande') return [{ kind: 'prefix', words: ['van', 'de'] }];
    return [{ kind: 'prefix', words: [bare] }];
  }
  // "'s-Gravesande", "d'Ancona", "l'Ami": a prefix glued to the word.
  const glued = /^('s|'t)-(.+)$/.exec(t) ?? /^(d'|l')(.+)$/.exec(t);
  if (glued) return [{ kind: 'prefix', words: [glued[1]!] }, ...classify(glued[2]!, glued[2]!)];
  // Initials: "j", "j.", "j.w.", "j.w", "j.-w." (dots between single letters).
  if (/^\p{L}\.?$/u.test(t) || /^(\p{L}\.-?)+\p{L}?\.?$/u.test(t)) {
    return [{ kind: 'initials', letters: Array.from(t.replace(/[.-]/g, '')) }];
  }
  const text = t.replace(/\./g, '').replace(/^[-'/]+|[-'/]+$/g, '');
  if (!lettersOnly(text)) return [];
  return [{ kind: 'word', text }];
}

/** Forms of address and titles in front of a name, and "jr."/"sr." anywhere. */
const TITLES = /^\s*(?:(?:de\s+heer|heer|meneer|mijnheer|mevrouw|mevr|mw|mej|dhr|hr|mr|dr|drs|ir|ing|prof|ds)(?:\.\s*|\s+))+/i;
const GENERATION = /(^|\s)(?:jr|sr)\.?(?=\s|$)/gi;

function stripTitles(part: string): string {
  const stripped = part.replace(TITLES, ' ');
  return lettersOnly(stripped) ? stripped : part; // "de Heer" alone is a surname
}

function tokenise(part: string): Token[] {
  const cleaned = part
    .replace(GENERATION, ' ')
    .replace(/\([^)]*\)/g, ' ') // "(Johnny)": aliases in brackets are not part of the name
    .replace(/\s*-\s*/g, '-'); // "Berg - de Vries" → "Berg-de Vries"
  const out: Token[] = [];
  // "J.van", "J.W.van", "v.d.Berg": initials (or an abbreviation) glued to the next word.
  const spaced = cleaned.replace(/(^|\s)((?:\p{L}\.)+)(?=\p{L}{2})/gu, '$1$2 ');
  for (const original of spaced.split(/\s+/)) {
    if (!original) continue;
    const raw = fold(original).replace(/[^\p{L}\s\-'./]/gu, '');
    if (!raw) continue;
    out.push(...classify(raw, original));
  }
  // A hyphenated word ending in a prefix ("berg-de") binds the next word: "berg-de vries".
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i]!;
    const b = out[i + 1]!;
    if (a.kind === 'word' && b.kind === 'word') {
      const last = a.text.split('-').pop() ?? '';
      if (a.text.includes('-') && PREFIX_WORDS.has(last)) {
        out.splice(i, 2, { kind: 'word', text: `${a.text} ${b.text}` });
        i--;
      }
    }
  }
  return out;
}

function givenOf(tokens: Token[]): { givenNames: string[]; initials: string } {
  const givenNames: string[] = [];
  let initials = '';
  for (const t of tokens) {
    if (t.kind === 'initials') initials += t.letters.join('');
    else if (t.kind === 'word') {
      givenNames.push(t.text);
      for (const piece of t.text.split('-')) initials += Array.from(lettersOnly(piece))[0] ?? '';
    } else {
      // A prefix word among given names (rare, e.g. a parse of "Ter" as a name): keep it as a name.
      givenNames.push(t.words.join(' '));
      initials += Array.from(lettersOnly(t.words.join('')))[0] ?? '';
    }
  }
  return { givenNames, initials: initials.toUpperCase() };
}

function words(tokens: Token[]): string {
  return tokens.map((t) => (t.kind === 'word' ? t.text : t.kind === 'prefix' ? t.words.join(' ') : t.letters.join(''))).join(' ');
}

/** Splits a surname part ("berg van den", "van den berg") into prefix and surname. */
function surnameAndPrefix(tokens: Token[]): { prefix: string[]; surname: Token[] } {
  let start = 0;
  let end = tokens.length;
  const prefix: string[] = [];
  const trailing: string[] = [];
  while (start < end && tokens[start]!.kind === 'prefix') prefix.push(...(tokens[start++] as { words: string[] }).words);
  while (end > start && tokens[end - 1]!.kind === 'prefix') trailing.unshift(...(tokens[--end] as { words: string[] }).words);
  return { prefix: [...prefix, ...trailing], surname: tokens.slice(start, end) };
}

/**
 * Parses a Dutch person name written in any of the usual ways. Examples (all give
 * prefix "van der"/"van den" and surname "berg"):
 *
 *   parseDutchName("J. van der Berg")    → { givenNames: [],      initials: "J", prefix: "van der", surname: "berg" }
 *   parseDutchName("Jan vd Berg")        → { givenNames: ["jan"], initials: "J", prefix: "van der", surname: "berg" }
 *   parseDutchName("Berg, Jan van den")  → { givenNames: ["jan"], initials: "J", prefix: "van den", surname: "berg" }
 *   parseDutchName("Berg van den, J.")   → { givenNames: [],      initials: "J", prefix: "van den", surname: "berg" }
 *   parseDutchName("BERG VAN DEN J.")    → the same (surname first, initials last, no comma)
 *
 * and further
 *
 *   "Jan van den Berg-de Vries" → prefix "van den", surname "berg-de vries" (double surname)
 *   "'t Hart"                   → prefix "'t", surname "hart"
 *   "ter Horst"                 → prefix "ter", surname "horst"
 *   "Mohamed El Amrani"         → prefix "", surname "el amrani" (particle kept, see PARTICLES)
 *   "Ö. Yılmaz"                 → initials "O", surname "yilmaz"
 *
 * Rules: everything is folded (lowercase, diacritics off, Turkish ı → i); bracketed aliases,
 * digits and punctuation other than - ' . / are dropped, as are a leading form of address or
 * title ("dhr.", "mevr.", "de heer", "meneer", "mr.", "dr.", "ir." …) and "jr."/"sr."; input past 512
 * characters is ignored.
 * With a comma the part before it is the surname (with its prefix before or after it) and the
 * part after it the given names (a prefix at its end belongs to the surname). Without a comma the
 * first prefix word that is followed by a word starts prefix + surname; with no prefix the last
 * word is the surname (with the particles before it), unless the name ends in initials
 * ("Berg J."), in which case the words before them are. A name of prefixes only has an empty
 * surname. Never throws.
 */
export function parseDutchName(raw: string): ParsedDutchName {
  const text = unifyApostrophes(raw.slice(0, 512));
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const left = tokenise(text.slice(0, comma));
    const right = tokenise(stripTitles(text.slice(comma + 1).replace(/,/g, ' ')));
    if (left.length > 0) {
      // Prefix words at the end of the given-names part belong to the surname: "Berg, Jan van den".
      let cut = right.length;
      while (cut > 0 && right[cut - 1]!.kind === 'prefix') cut--;
      const { prefix, surname } = surnameAndPrefix(left);
      const trailingPrefix = right.slice(cut).flatMap((t) => (t.kind === 'prefix' ? t.words : []));
      return {
        ...givenOf(right.slice(0, cut)),
        prefix: [...trailingPrefix, ...prefix].join(' '),
        surname: words(surname),
      };
    }
    return parseTokens(right);
  }
  return parseTokens(tokenise(stripTitles(text)));
}

function parseTokens(tokens: Token[]): ParsedDutchName {
  const empty = { givenNames: [], initials: '' };
  if (tokens.length === 0) return { ...empty, prefix: '', surname: '' };
  if (tokens.every((t) => t.kind === 'prefix')) {
    return { ...empty, prefix: tokens.flatMap((t) => (t.kind === 'prefix' ? t.words : [])).join(' '), surname: '' };
  }
  // Prefix words after the last word are names themselves ("Thi Le", "Nguyen Van"), not a prefix.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind !== 'prefix') break;
    tokens[i] = { kind: 'word', text: t.words.join(' ') };
  }
  // Surname first, initials last: "Berg J.", "Berg van den J.W."
  const last = tokens[tokens.length - 1]!;
  if (last.kind === 'initials' && tokens[0]!.kind !== 'initials') {
    let cut = tokens.length;
    while (cut > 0 && tokens[cut - 1]!.kind === 'initials') cut--;
    const { prefix, surname } = surnameAndPrefix(tokens.slice(0, cut));
    return { ...givenOf(tokens.slice(cut)), prefix: prefix.join(' '), surname: words(surname) };
  }
  // The first prefix run that is followed by a word starts prefix + surname.
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'prefix') continue;
    let j = i;
    const prefix: string[] = [];
    while (j < tokens.length && tokens[j]!.kind === 'prefix') prefix.push(...(tokens[j++] as { words: string[] }).words);
    if (j < tokens.length && tokens.slice(j).some((t) => t.kind === 'word')) {
      return { ...givenOf(tokens.slice(0, i)), prefix: prefix.join(' '), surname: words(tokens.slice(j)) };
    }
  }
  // No prefix: the last word (with the particles before it) is the surname.
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.kind !== 'word') end--;
  if (end === 0) return { ...givenOf(tokens), prefix: '', surname: '' };
  let start = end - 1;
  while (start > 0) {
    const t = tokens[start - 1]!;
    if (t.kind !== 'word' || !PARTICLES.has(t.text)) break;
    if (start - 1 === 0 && !LEADING_PARTICLES.has(t.text)) break;
    start--;
  }
  return {
    ...givenOf([...tokens.slice(0, start), ...tokens.slice(end)]),
    prefix: '',
    surname: words(tokens.slice(start, end)),
  };
}

/**
 * The prefix class used for matching: "den" and "der" count as "de", "ten" and "ter" as "te",
 * "het" as "'t", so "van de", "van der", "van den" and "vd" are the one class "van de", and
 * "ter Horst" meets "ten Horst". "" for no prefix.
 */
export function prefixClass(prefix: string): string {
  const map: Record<string, string> = { den: 'de', der: 'de', ten: 'te', ter: 'te', het: "'t" };
  return prefix
    .split(' ')
    .filter(Boolean)
    .map((w) => map[w] ?? w)
    .join(' ');
}

/**
 * The keys of a name for matching. Every field is a plain string (or a list of them) that can be
 * put through an HMAC on its own; comparing the HMACs gives the same answers as comparing these.
 */
export interface NameKeys {
  /** First initial and surname letters: "J. van der Berg" → "j|berg". "" without a surname. */
  exact: string;
  /** The first initial, lowercase: "j"; "" when unknown. */
  initial: string;
  /** {@link prefixClass} of the prefix: "van de"; "" for none. */
  prefixClass: string;
  /** The surname's letters: "berg", "bergdevries", "elamrani"; "" when there is none. */
  surname: string;
  /** {@link dutchPhoneticKey} of the surname. */
  phonetic: string;
  /** pg_trgm-style trigrams of the surname's letters, deduplicated (see below). */
  trigrams: readonly string[];
  /**
   * The surname's parts on their own, for double surnames and particles: "berg-de vries" →
   * ["berg", "vries"], "el amrani" → ["elamrani", "amrani"]; a single surname → [itself].
   */
  parts: readonly string[];
  /**
   * The first given name written out, folded, letters only, the first piece of a hyphenated
   * name ("Jan-Willem" → "jan"): "Jeroen Scholten" → "jeroen". "" when only initials (or
   * nothing) are known. Optional: organisation keys and keys stored before it existed lack it,
   * which counts as unknown.
   */
  given?: string;
  /** {@link dutchPhoneticKey} of {@link given} ("Mohammed" = "Mohamed", "Thijs" = "Tijs"); "" when unknown. */
  givenPhonetic?: string;
  /**
   * {@link deletionVariants} of the surname: the surname and, from 4 letters on, every form with
   * one letter left out. Two surnames that share one are one typo apart (a letter dropped,
   * added, changed or two swapped). Optional like {@link given}.
   */
  del1?: readonly string[];
}

/** The surname and its one-letter deletions (surnames of 4 letters or more); [] for "". */
export function deletionVariants(surname: string): string[] {
  if (surname.length < 4) return surname ? [surname] : [];
  const out = new Set<string>([surname]);
  for (let i = 0; i < surname.length; i += 1) out.add(surname.slice(0, i) + surname.slice(i + 1));
  return [...out];
}

/**
 * The matching keys of a person's name.
 *
 *   nameKeys("J. van der Berg") → { exact: "j|berg", initial: "j", prefixClass: "van de",
 *     surname: "berg", phonetic: "berg", trigrams: ["  b", " be", "ber", "erg", "rg "], parts: ["berg"],
 *     given: "", givenPhonetic: "", del1: ["berg"] }
 *   nameKeys("Jeroen Vink") → { …, given: "jeroen", givenPhonetic: "jeroen",
 *     del1: ["vink", "ink", "vnk", "vik", "vin"] }
 *
 * The trigrams are of the surname only, not of the whole name: the initial and the prefix have
 * their own keys and weights in the similarity, and trigrams of an initial or of given names
 * would let two different surnames look alike through a shared first name (and a written-out
 * first name against an initial would lower the score of the same person).
 */
export function nameKeys(raw: string): NameKeys {
  return keysOfParsed(parseDutchName(raw));
}

export function keysOfParsed(name: ParsedDutchName): NameKeys {
  const surname = lettersOnly(name.surname);
  const initial = name.initials.slice(0, 1).toLowerCase();
  const given = lettersOnly(name.givenNames[0]?.split('-')[0] ?? '');
  return {
    exact: surname ? `${initial}|${surname}` : '',
    initial,
    prefixClass: prefixClass(name.prefix),
    surname,
    phonetic: dutchPhoneticKey(surname),
    trigrams: trigrams(surname),
    parts: surnameParts(name.surname),
    given,
    givenPhonetic: dutchPhoneticKey(given),
    del1: deletionVariants(surname),
  };
}

function surnameParts(surname: string): string[] {
  if (!surname) return [];
  const parts = new Set<string>();
  for (const piece of surname.split('-')) {
    const ws = piece.split(' ').filter(Boolean);
    while (ws.length > 1 && PREFIX_WORDS.has(ws[0]!)) ws.shift(); // "de vries" → "vries"
    const joined = lettersOnly(ws.join(''));
    if (joined) parts.add(joined);
    if (ws.length > 1 && PARTICLES.has(ws[0]!)) {
      const rest = lettersOnly(ws.slice(1).join(''));
      if (rest) parts.add(rest); // "el amrani" → also "amrani"
    }
  }
  return [...parts];
}

/**
 * Weights and values of the name score; {@link scoreNameKeys} documents how they combine.
 */
export const NAME_WEIGHTS = {
  surname: 0.6,
  initial: 0.3,
  prefix: 0.1,
  /** The surname score when the phonetic keys are equal (and the trigrams say less). */
  phonetic: 0.9,
  /** The surname score when one part of a double surname equals a part of the other. */
  part: 0.85,
  /** The surname score when the surnames are one typo apart (shared deletion variant, see del1). */
  typo: 0.8,
  /**
   * When both first given names are written out and equal (or sound the same), the given name
   * weighs this much more and the surname this much less: a confirmed given name makes a
   * surname that differs a little more likely a misspelling. Equal surnames still give 1.
   */
  confirmedGiven: 0.1,
  /**
   * The given-name score when both first given names are written out and differ although the
   * initials agree ("Jeroen" and "Jesse"): another person (a brother, a father, a namesake), so
   * the same as another initial, which keeps the name below the "similar name" threshold and
   * the exact key (initial + surname) below the candidate threshold on its own. The price: a
   * call name written instead of the first official given name ("Jan" for "Johannes", "Hans")
   * is taken for another person too, and is then found only with other evidence (an address, a
   * phone number …). On the labelled set a value of 0.15 (still "similar") gave the same recall
   * and a lower precision.
   */
  otherGiven: 0,
} as const;

/**
 * Similarity of two names' keys, 0..1, symmetric. Works on plain keys and on their HMACs alike
 * (it only tests strings for equality):
 *
 *   surname = max(Dice(trigrams), 0.9 if the phonetic keys are equal, 0.85 if a part of a
 *             double surname is shared, 0.8 if the surnames are one typo apart: their
 *             deletion variants (del1) meet and one of them has 4 letters or more)
 *   given   = when both first given names are written out:
 *               1 when they are equal or their phonetic keys are ("Mohammed" / "Mohamed"),
 *               otherwise 0 (NAME_WEIGHTS.otherGiven), also when the initials agree (Jeroen / Jesse);
 *             else (initials only on one side or both) by the initial:
 *               1 when equal or both unknown, 0.5 when one is unknown, 0 when different
 *   prefix  = 1 when the classes are equal (also both none), 0.5 when one has none, 0 otherwise
 *   score   = 0.6·surname + 0.3·given + 0.1·prefix, and 0 when either has no surname;
 *             with confirmed (equal) given names 0.5·surname + 0.4·given + 0.1·prefix
 *
 * The given name weighs 0.3 so that the same surname with another initial ("J. de Vries" and
 * "P. de Vries", 0.7) stays below the "similar name" threshold of match.ts (0.75), as do two
 * different written-out given names with one initial ("Jeroen Scholten" and "Jesse Scholten",
 * 0.7); an initial against a written-out given name ("J." and "Jeroen") is no contradiction
 * and scores as equal initials. A name with itself always scores 1.
 *
 * The typo rule needs no plaintext: the deletion variants are stored as blind indexes
 * (`name.del1`) anyway, to find such candidates. At its 0.8 a surname with one typo plus an
 * agreeing initial and prefix scores 0.88, a "similar name"; two different surnames of 4+
 * letters one letter apart ("Smit" / "Smits", "Berg" / "Borg") do too, which is the price of
 * finding "Vink" written as "vnik".
 *
 * Lowest surname score that can still reach 0.75: 0.5 (with confirmed given names,
 * 0.5·0.5 + 0.4 + 0.1); candidate retrieval by trigrams must not stop above that Dice.
 */
export function scoreNameKeys(a: NameKeys, b: NameKeys): number {
  if (!a.surname || !b.surname) return 0;
  let surname = a.surname === b.surname ? 1 : dice(a.trigrams, b.trigrams);
  if (a.phonetic && a.phonetic === b.phonetic) surname = Math.max(surname, NAME_WEIGHTS.phonetic);
  if ((a.parts.length > 1 || b.parts.length > 1) && a.parts.some((p) => b.parts.includes(p))) {
    surname = Math.max(surname, NAME_WEIGHTS.part);
  }
  if (surname < NAME_WEIGHTS.typo && oneTypoApart(a.del1, b.del1)) surname = NAME_WEIGHTS.typo;
  const given = givenAgreement(a, b);
  const confirmed = given === 1 && !!a.given && !!b.given;
  const shift = confirmed ? NAME_WEIGHTS.confirmedGiven : 0;
  const prefix = agreement(a.prefixClass, b.prefixClass, true);
  const score =
    (NAME_WEIGHTS.surname - shift) * surname + (NAME_WEIGHTS.initial + shift) * given + NAME_WEIGHTS.prefix * prefix;
  return Math.min(1, Math.max(0, Math.round(score * 1e6) / 1e6));
}

/**
 * Whether two surnames are one typo apart, from their deletion variants alone (so it works on
 * their HMACs): they share a variant, and at least one has 4 letters or more (more than one
 * variant), so short names ("Bos", "Vos") only meet when equal.
 */
function oneTypoApart(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b || (a.length < 2 && b.length < 2)) return false;
  const set = new Set(a.filter(Boolean));
  return b.some((x) => x !== '' && set.has(x));
}

/** The given-name part of {@link scoreNameKeys}, 0..1. */
function givenAgreement(a: NameKeys, b: NameKeys): number {
  const initial = agreement(a.initial, b.initial, true);
  if (!a.given || !b.given) return initial;
  if (a.given === b.given || (!!a.givenPhonetic && a.givenPhonetic === b.givenPhonetic)) return 1;
  return initial === 1 ? NAME_WEIGHTS.otherGiven : 0;
}

/** 1 when equal (both empty counts as equal), 0.5 when exactly one is empty, 0 when different. */
function agreement(a: string, b: string, emptyEqual: boolean): number {
  if (a === b) return a || emptyEqual ? 1 : 0;
  if (!a || !b) return 0.5;
  return 0;
}

/**
 * Similarity of two raw person names, 0..1 (see {@link scoreNameKeys}).
 *
 *   nameSimilarity("J. van der Berg", "Berg, Jan van den") → 1
 *   nameSimilarity("Janssen", "Jansen")                    → 0.94 (phonetic match)
 *   nameSimilarity("Jan de Vries", "Jan van den Berg")     → 0.4 (only the given name agrees)
 *   nameSimilarity("J. de Vries", "P. de Vries")          → 0.7
 *   nameSimilarity("Jeroen Scholten", "Jesse Scholten")    → 0.7 (another given name, as another initial)
 *   nameSimilarity("J. Scholten", "Jeroen Scholten")       → 1   (an initial does not contradict)
 *   nameSimilarity("J. Vink", "J. vnik")                   → 0.88 (one typo: shared deletion variant)
 */
export function nameSimilarity(a: string, b: string): number {
  return scoreNameKeys(nameKeys(a), nameKeys(b));
}
