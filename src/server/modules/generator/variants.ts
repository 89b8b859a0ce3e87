import { Rng } from './random.js';

/**
 * Noisy mentions of true entities, as a reporter writes them in a signal (issue 4): typos,
 * initials, abbreviated tussenvoegsels, surname first, phonetic spellings, diacritics dropped,
 * phone numbers, postcodes and house-number additions in other notations. Each function returns
 * the text and the names of the variations it applied, so figures can be broken down by them.
 */

export interface Variant {
  text: string;
  /** What was done to the true value, e.g. ["initials", "typo:swap"]; empty for the value as is. */
  applied: string[];
}

// ---------------------------------------------------------------------------------------------
// Character-level noise

/** Neighbouring keys on a QWERTY keyboard (lowercase letters). */
const KEYBOARD: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'adwx', d: 'sfe', f: 'dgr', g: 'fht', h: 'gjy', j: 'hku', k: 'jli', l: 'ko',
  z: 'xas', x: 'zcs', c: 'xvd', v: 'cbf', b: 'vng', n: 'bmh', m: 'nj',
};

const TYPO_KINDS = ['swap', 'drop', 'double', 'neighbour'] as const;
export type TypoKind = (typeof TYPO_KINDS)[number];

/**
 * One typo in a word, not in its first letter (people rarely get that wrong, and the initial is
 * a key of its own): swap two neighbouring letters, drop one, double one or hit a neighbouring
 * key. Words shorter than 4 letters are left alone.
 */
export function typo(word: string, rng: Rng, kind: TypoKind = rng.pick(TYPO_KINDS)): Variant {
  const chars = Array.from(word);
  const letterPositions = chars.map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (chars.length < 4 || letterPositions.length < 2) return { text: word, applied: [] };
  const i = rng.pick(letterPositions);
  const c = chars[i]!;
  switch (kind) {
    case 'swap': {
      const j = i + 1 < chars.length && /\p{L}/u.test(chars[i + 1]!) ? i + 1 : i - 1;
      if (j <= 0 || chars[j] === c) return typo(word, rng, 'double');
      [chars[i], chars[j]] = [chars[j]!, c];
      break;
    }
    case 'drop':
      chars.splice(i, 1);
      break;
    case 'double':
      chars.splice(i, 0, c);
      break;
    case 'neighbour': {
      const lower = c.toLowerCase();
      const near = KEYBOARD[lower];
      if (!near) return typo(word, rng, 'drop');
      const r = rng.pick(Array.from(near));
      chars[i] = c === lower ? r : r.toUpperCase();
      break;
    }
  }
  return { text: chars.join(''), applied: [`typo:${kind}`] };
}

/**
 * Spelling variants that sound the same in Dutch (what a reporter hears on the phone):
 * ij/y/ei, ou/au, ch/g, dt/d/t at the end, c/k, ks/x, ph/f, oe/u, ee/e, double letters.
 */
const PHONETIC_RULES: readonly (readonly [RegExp, string])[] = [
  [/ij/, 'y'],
  [/ij/, 'ei'],
  [/ei/, 'ij'],
  [/y/, 'ij'],
  [/ou/, 'au'],
  [/au/, 'ou'],
  [/ch/, 'g'],
  [/g(?!h)/, 'ch'],
  [/dt$/, 't'],
  [/d$/, 't'],
  [/t$/, 'dt'],
  [/c(?=[aou])/, 'k'],
  [/k(?=[aou])/, 'c'],
  [/ks/, 'x'],
  [/x/, 'ks'],
  [/ph/, 'f'],
  [/ss/, 's'],
  [/([^s])s(en)$/, '$1ss$2'],
  [/ee/, 'e'],
  [/aa/, 'a'],
  [/z/, 's'],
  [/v/, 'f'],
];

/** One phonetic respelling of a word (lowercase rules, the case of the first letter kept). */
export function phoneticVariant(word: string, rng: Rng): Variant {
  const lower = word.toLowerCase();
  const rules = PHONETIC_RULES.filter(([re]) => re.test(lower.slice(1)));
  if (rules.length === 0) return { text: word, applied: [] };
  const [re, replacement] = rng.pick(rules);
  const changed = lower[0]! + lower.slice(1).replace(re, replacement);
  const text = word[0] === word[0]!.toUpperCase() ? changed[0]!.toUpperCase() + changed.slice(1) : changed;
  return text === word ? { text: word, applied: [] } : { text, applied: ['phonetic'] };
}

/** Diacritics off (and Turkish ı, Polish ł): "Yılmaz" → "Yilmaz", "Wiśniewska" → "Wisniewska". */
export function dropDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** A diacritic where there is none ("Ozturk" → "Öztürk"-like, "Jansen" → "Jansén"): hypercorrection. */
export function addDiacritic(s: string, rng: Rng): Variant {
  const map: Record<string, string> = { e: 'é', o: 'ö', u: 'ü', i: 'ï', a: 'á', c: 'ç', s: 'ş' };
  const positions = Array.from(s)
    .map((c, i) => (i > 0 && map[c] ? i : -1))
    .filter((i) => i > 0);
  if (positions.length === 0) return { text: s, applied: [] };
  const i = rng.pick(positions);
  const chars = Array.from(s);
  chars[i] = map[chars[i]!]!;
  return { text: chars.join(''), applied: ['diacritic_added'] };
}

// ---------------------------------------------------------------------------------------------
// Person names

export interface PersonName {
  /** All given names as in the BRP: "Johannes Cornelis". */
  voornamen: string;
  /** "van der", "de", "" */
  voorvoegsel: string;
  geslachtsnaam: string;
  geslacht?: 'M' | 'V' | 'O';
}

/** The name as the BRP would show it in full: "Johannes Cornelis van der Berg". */
export function fullName(p: PersonName): string {
  return [p.voornamen, p.voorvoegsel, p.geslachtsnaam].filter(Boolean).join(' ');
}

function initialsOf(voornamen: string, all: boolean, dots: boolean): string {
  const letters = voornamen
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => Array.from(w)[0]!.toUpperCase());
  const chosen = all ? letters : letters.slice(0, 1);
  return dots ? chosen.map((l) => `${l}.`).join('') : chosen.join('');
}

function capitalisePrefix(prefix: string): string {
  return prefix ? prefix[0]!.toUpperCase() + prefix.slice(1) : prefix;
}

/** "van der", "van den", "van de" → an abbreviation, otherwise the prefix. */
function abbreviatePrefix(prefix: string, rng: Rng): { text: string; applied: boolean } {
  if (!/^van d(e|er|en)$/.test(prefix)) return { text: prefix, applied: false };
  return { text: rng.weighted([['vd', 4], ['v.d.', 4], ['v/d', 1], ['v. d.', 1]]), applied: true };
}

/**
 * A person's name as a reporter writes it. The shape (full, initials, surname first, surname
 * only …) is drawn first, then noise on the surname (typo, phonetic spelling, diacritics) and on
 * case. `level` scales the noise: 0 gives clean shapes only, 1 the default mix.
 */
export function personNameVariant(p: PersonName, rng: Rng, level = 1): Variant {
  const applied: string[] = [];
  let surname = p.geslachtsnaam;
  // Noise on the surname first, so every shape carries it.
  if (level > 0) {
    if (/[^\u0000-\u007f]/.test(surname) && rng.chance(0.6)) {
      surname = dropDiacritics(surname);
      applied.push('diacritics_dropped');
    } else if (rng.chance(0.02 * level)) {
      const v = addDiacritic(surname, rng);
      surname = v.text;
      applied.push(...v.applied);
    }
    if (rng.chance(0.2 * level)) {
      const v = typo(surname, rng);
      surname = v.text;
      applied.push(...v.applied);
    }
    if (rng.chance(0.15 * level)) {
      const v = phoneticVariant(surname, rng);
      surname = v.text;
      applied.push(...v.applied);
    }
  }
  let given = p.voornamen.split(/\s+/).filter(Boolean);
  if (level > 0 && given.length > 0 && /[^\u0000-\u007f]/.test(given.join('')) && rng.chance(0.6)) {
    given = given.map(dropDiacritics);
  }
  const firstGiven = given[0] ?? '';
  const allGiven = given.join(' ');
  let prefix = p.voorvoegsel;
  if (prefix && level > 0) {
    if (rng.chance(0.08 * level)) {
      prefix = '';
      applied.push('prefix_missing');
    } else {
      const a = rng.chance(0.25) ? abbreviatePrefix(prefix, rng) : { text: prefix, applied: false };
      if (a.applied) applied.push('prefix_abbreviated');
      prefix = a.text;
    }
  }
  const withPrefix = (s: string) => [prefix, s].filter(Boolean).join(' ');
  const shape = rng.weighted<string>([
    ['full_first', 38],
    ['full_all', 6],
    ['initials', 18],
    ['all_initials', 7],
    ['surname_first_comma', 9],
    ['surname_first_initials', 5],
    ['surname_only', level > 0 ? 8 : 0],
    ['title_surname', level > 0 ? 5 : 0],
    ['given_only', level > 0 ? 1.5 : 0],
  ]);
  let text: string;
  switch (shape) {
    case 'full_first':
      text = [firstGiven, withPrefix(surname)].filter(Boolean).join(' ');
      break;
    case 'full_all':
      text = [allGiven, withPrefix(surname)].filter(Boolean).join(' ');
      break;
    case 'initials':
      text = [initialsOf(allGiven, false, rng.chance(0.8)), withPrefix(surname)].filter(Boolean).join(' ');
      break;
    case 'all_initials':
      text = [initialsOf(allGiven, true, true), withPrefix(surname)].filter(Boolean).join(' ');
      break;
    case 'surname_first_comma':
      // "Berg, Jan van den" or "Van den Berg, Jan"
      text = rng.chance(0.5)
        ? `${surname}, ${[firstGiven, prefix].filter(Boolean).join(' ')}`
        : `${capitalisePrefix(withPrefix(surname))}, ${firstGiven}`;
      break;
    case 'surname_first_initials':
      text = `${[surname, prefix].filter(Boolean).join(' ')}, ${initialsOf(allGiven, true, true)}`;
      break;
    case 'surname_only':
      text = capitalisePrefix(withPrefix(surname));
      break;
    case 'title_surname': {
      const title = p.geslacht === 'V' ? rng.pick(['mevrouw', 'mevr.', 'mw.']) : rng.pick(['de heer', 'dhr.', 'meneer']);
      text = `${title} ${capitalisePrefix(withPrefix(surname))}`;
      break;
    }
    default:
      text = firstGiven || surname;
  }
  if (shape !== 'full_first') applied.push(`shape:${shape}`);
  if (level > 0) {
    const c = rng.next();
    if (c < 0.06) {
      text = text.toUpperCase();
      applied.push('upper_case');
    } else if (c < 0.1) {
      text = text.toLowerCase();
      applied.push('lower_case');
    }
  }
  return { text, applied };
}

// ---------------------------------------------------------------------------------------------
// Contact details and addresses

/** A Dutch mobile number "06" + 8 digits in another notation. */
export function phoneVariant(mobile: string, rng: Rng): Variant {
  const digits = mobile.replace(/\D/g, '').replace(/^(?:0031|31)?0?/, '');
  // digits is now "6xxxxxxxx"
  const d8 = digits.slice(1);
  const formats: [string, string][] = [
    [`06${d8}`, 'phone:plain'],
    [`06-${d8}`, 'phone:dash'],
    [`06 ${d8.slice(0, 4)} ${d8.slice(4)}`, 'phone:spaced'],
    [`06 ${d8.slice(0, 2)} ${d8.slice(2, 4)} ${d8.slice(4, 6)} ${d8.slice(6)}`, 'phone:pairs'],
    [`+31 6 ${d8.slice(0, 4)} ${d8.slice(4)}`, 'phone:international'],
    [`+316${d8}`, 'phone:e164'],
    [`0031${digits}`, 'phone:0031'],
    [`(06) ${d8}`, 'phone:brackets'],
  ];
  const [text, kind] = rng.weighted(formats.map((f, i) => [f, i === 0 ? 4 : i === 1 ? 4 : 2] as const));
  return { text, applied: kind === 'phone:plain' ? [] : [kind] };
}

/** An e-mail address with its case changed the way people write it. */
export function emailVariant(email: string, rng: Rng): Variant {
  const [local = '', domain = ''] = email.split('@');
  const c = rng.next();
  if (c < 0.6) return { text: email, applied: [] };
  if (c < 0.75) return { text: email.toUpperCase(), applied: ['email:upper'] };
  const cap = (s: string) => s.replace(/(^|[._-])(\p{L})/gu, (_m, sep: string, l: string) => sep + l.toUpperCase());
  if (c < 0.9) return { text: `${cap(local)}@${domain}`, applied: ['email:capitalised'] };
  return { text: `${cap(local)}@${cap(domain)}`, applied: ['email:capitalised_domain'] };
}

/** "3411AB" → "3411 AB", "3411ab", "3411 ab" or as is. */
export function postcodeVariant(postcode: string, rng: Rng): Variant {
  const pc = postcode.replace(/\s+/g, '').toUpperCase();
  const [text, kind] = rng.weighted<[string, string]>([
    [[pc, ''], 4],
    [[`${pc.slice(0, 4)} ${pc.slice(4)}`, 'postcode:space'], 4],
    [[pc.toLowerCase(), 'postcode:lower'], 1],
    [[`${pc.slice(0, 4)} ${pc.slice(4).toLowerCase()}`, 'postcode:space_lower'], 1],
  ]);
  return { text, applied: kind ? [kind] : [] };
}

export interface AddressParts {
  postcode: string;
  huisnummer: number;
  huisletter: string;
  huisnummertoevoeging: string;
}

export interface AddressMention {
  postcode: string;
  houseNumber: number;
  addition?: string;
}

/**
 * An address as a reporter writes it in the signal form (postcode, number, addition): the
 * huisletter and toevoeging in several notations ("A", "a", "-A", "A-2", "A 2"), sometimes
 * without the addition (then only the building matches).
 */
export function addressVariant(a: AddressParts, rng: Rng, level = 1): { value: AddressMention; applied: string[] } {
  const pc = postcodeVariant(a.postcode, rng);
  const applied = [...pc.applied];
  const value: AddressMention = { postcode: pc.text, houseNumber: a.huisnummer };
  const letter = a.huisletter;
  const toev = a.huisnummertoevoeging;
  if (!letter && !toev) return { value, applied };
  if (level > 0 && rng.chance(0.08 * level)) {
    applied.push('addition_missing');
    return { value, applied };
  }
  let addition: string;
  if (letter && toev) {
    addition = rng.pick([`${letter}-${toev}`, `${letter} ${toev}`, `${letter}${toev}`, `${letter.toLowerCase()}-${toev}`]);
  } else if (letter) {
    addition = rng.pick([letter, letter.toLowerCase(), `-${letter}`, ` ${letter}`, `-${letter.toLowerCase()}`]);
  } else {
    addition = rng.pick([toev, `-${toev}`, ` ${toev}`, toev.toLowerCase()]);
  }
  if (addition.trim() !== (letter + toev)) applied.push('addition:notation');
  value.addition = addition;
  return { value, applied };
}

/** Written legal forms that may be added to or left off a trade name. */
const LEGAL_FORM_RE = /\s+(?:B\.?V\.?|BV|V\.?O\.?F\.?|C\.?V\.?|Holding)$/i;

/**
 * A company name as a reporter writes it: the legal form left off or added ("BV", "B.V."),
 * "&" for "en", a typo, another case.
 */
export function companyNameVariant(name: string, rechtsvorm: string, rng: Rng, level = 1): Variant {
  let text = name;
  const applied: string[] = [];
  if (LEGAL_FORM_RE.test(text)) {
    if (rng.chance(0.5)) {
      text = text.replace(LEGAL_FORM_RE, '');
      applied.push('legal_form_dropped');
    }
  } else if (rechtsvorm === 'Besloten Vennootschap' && rng.chance(0.3)) {
    text = `${text} ${rng.pick(['BV', 'B.V.', 'bv'])}`;
    applied.push('legal_form_added');
  }
  if (text.includes(' & ') && rng.chance(0.5)) {
    text = text.replace(' & ', ' en ');
    applied.push('ampersand');
  }
  if (level > 0 && rng.chance(0.12 * level)) {
    const words = text.split(' ');
    const longest = words.reduce((best, w, i) => (w.length > words[best]!.length ? i : best), 0);
    const v = typo(words[longest]!, rng);
    words[longest] = v.text;
    text = words.join(' ');
    applied.push(...v.applied);
  }
  if (level > 0) {
    const c = rng.next();
    if (c < 0.08) {
      text = text.toLowerCase();
      applied.push('lower_case');
    } else if (c < 0.12) {
      text = text.toUpperCase();
      applied.push('upper_case');
    }
  }
  return { text, applied };
}
