import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { dutchPhoneticKey } from './phonetic.js';
import type { NameKeys } from './names.js';
import { dice, fold, lettersOnly, MAX_INPUT, trigrams } from './text.js';

/**
 * Normalisation of entity values into matching keys (issue 4, "Enrichment and linking").
 *
 * Every function here is pure and total: it never throws, and returns null (or "") for input it
 * cannot make sense of. The results are plain strings; the blind index (HMAC) is applied by the
 * caller (see match.ts, hashEntityKeys). Input past 512 characters is ignored.
 */

export { dutchPhoneticKey } from './phonetic.js';
export {
  keysOfParsed,
  nameKeys,
  nameSimilarity,
  NAME_WEIGHTS,
  parseDutchName,
  prefixClass,
  scoreNameKeys,
  type NameKeys,
  type ParsedDutchName,
} from './names.js';

// ---------------------------------------------------------------------------------------------
// Addresses (BAG style)

/**
 * A Dutch postcode as BAG writes it: four digits (not starting with 0) and two capitals, no
 * space. The letter pairs SA, SD and SS are never issued. Null when it is not a postcode.
 *
 *   normalisePostcode("1234 ab") → "1234AB";  normalisePostcode(" 1234AB ") → "1234AB"
 *   normalisePostcode("0123AB")  → null;      normalisePostcode("1234 SS")  → null
 */
export function normalisePostcode(raw: string): string | null {
  const s = raw.slice(0, MAX_INPUT).replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[1-9][0-9]{3}[A-Z]{2}$/.test(s)) return null;
  if (/(SA|SD|SS)$/.test(s)) return null;
  return s;
}

export interface HouseNumber {
  /** BAG huisnummer, 1..99999. */
  number: number;
  /** BAG huisletter: one capital, or "". */
  letter: string;
  /** BAG huisnummertoevoeging: up to 4 capitals/digits, or "". */
  addition: string;
}

/**
 * Splits a house number with its additions the way BAG does: a single letter right after the
 * number is the huisletter, whatever follows is the huisnummertoevoeging (letters and digits
 * only, uppercase, at most 4 characters as in BAG). The separate `addition` argument is read as
 * if it followed the number.
 *
 *   "12"     → { number: 12, letter: "",  addition: "" }
 *   "12a", "12-A", "12 a" → { number: 12, letter: "A", addition: "" }
 *   "12 A 2", "12A-2"     → { number: 12, letter: "A", addition: "2" }
 *   "12 bis" → { number: 12, letter: "",  addition: "BIS" }
 *   "12-2", "12/2", "12 2" → { number: 12, letter: "", addition: "2" }
 *   "12 hs"  → { number: 12, letter: "",  addition: "HS" }
 *
 * A single letter is always taken as the huisletter, also where the BAG might have it as a
 * toevoeging ("12-A"): written addresses do not tell the two apart. Null without a number in
 * 1..99999.
 */
export function parseHouseNumber(houseNumber: string | number, addition?: string | null): HouseNumber | null {
  const text = `${String(houseNumber)} ${addition ?? ''}`.slice(0, MAX_INPUT).trim().toUpperCase();
  const m = /^0*(\d{1,5})(?!\d)\s*[-/.]?\s*(.*)$/su.exec(text);
  if (!m) return null;
  const number = Number(m[1]);
  if (!Number.isInteger(number) || number < 1 || number > 99_999) return null;
  let rest = fold(m[2] ?? '').toUpperCase();
  let letter = '';
  const l = /^([A-Z])(?![A-Z])/.exec(rest);
  if (l) {
    letter = l[1]!;
    rest = rest.slice(1);
  }
  const additionPart = rest.replace(/[^A-Z0-9]/g, '').slice(0, 4);
  return { number, letter, addition: additionPart };
}

export interface AddressKeys {
  /** "1234AB|12|A|2": postcode, huisnummer, huisletter, toevoeging ("" when absent). */
  full: string;
  /** "1234AB|12": the same building (or at least the same entrance number). */
  building: string;
  postcode: string;
  houseNumber: HouseNumber;
}

/**
 * Keys of a Dutch address (BAG nummeraanduiding): postcode + house number identify it.
 *
 *   addressKey("1234 ab", "12a")       → { full: "1234AB|12|A|",  building: "1234AB|12", … }
 *   addressKey("1234AB", 12, "A 2")    → { full: "1234AB|12|A|2", building: "1234AB|12", … }
 *   addressKey("1234AB", "12 bis")     → { full: "1234AB|12||BIS", … }
 *   addressKey("12345", "1")           → null (no postcode)
 *
 * Street and town are not part of the key (the postcode and number determine them). Addresses
 * abroad or without postcode get no key here.
 */
export function addressKey(postcode: string, houseNumber: string | number, addition?: string | null): AddressKeys | null {
  const pc = normalisePostcode(postcode);
  const hn = parseHouseNumber(houseNumber, addition);
  if (!pc || !hn) return null;
  return {
    full: `${pc}|${hn.number}|${hn.letter}|${hn.addition}`,
    building: `${pc}|${hn.number}`,
    postcode: pc,
    houseNumber: hn,
  };
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/**
 * A KvK number: 8 digits, leading zeros kept. Spaces, dots and dashes are removed, as is a
 * leading "KvK" / "KvK-nummer:" label. There is no public check digit, so only the form is
 * checked (and 00000000 refused). Null otherwise; a 12-digit vestigingsnummer is not a KvK number.
 *
 *   normaliseKvk("1234 5678") → "12345678";  normaliseKvk("KvK: 01.23.45.67") → "01234567"
 *   normaliseKvk("1234567")   → null
 */
export function normaliseKvk(raw: string): string | null {
  const s = raw
    .slice(0, MAX_INPUT)
    .trim()
    .replace(/^kvk(?:[\s-]*nummer)?\s*:?/i, '')
    .replace(/[\s.\-]/g, '');
  if (!/^\d{8}$/.test(s) || s === '00000000') return null;
  return s;
}

/**
 * A phone number in E.164 (libphonenumber-js with full metadata), Dutch when it has no country
 * code. Null when it is not a valid number.
 *
 *   normalisePhone("06-12345678")      → "+31612345678"
 *   normalisePhone("0031 6 1234 5678") → "+31612345678"
 *   normalisePhone("+32 470 12 34 56") → "+32470123456"
 *   normalisePhone("12345")            → null
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'NL'): string | null {
  const s = raw.slice(0, 64).trim();
  if (!s || !/\d/.test(s)) return null;
  try {
    const parsed = parsePhoneNumberFromString(s, defaultCountry);
    if (!parsed || !parsed.isValid()) return null;
    return parsed.number;
  } catch {
    return null;
  }
}

/**
 * An e-mail address, trimmed and case-folded as a whole (the local part too: in practice no
 * mailbox provider tells "Jan" from "jan"). The domain is lowercased and an internationalised
 * domain is written in its ASCII (punycode) form, so "jan@bücher.de" and "jan@xn--bcher-kva.de"
 * meet. Nothing else is rewritten: dots and "+tags" stay (removing them is right for some
 * providers only and would merge different people's addresses elsewhere). "mailto:" and angle
 * brackets are removed. Null without exactly one "@", or when the domain is not a host name with
 * a dot in it.
 *
 *   normaliseEmail("  Jan.Jansen@Example.NL ") → "jan.jansen@example.nl"
 *   normaliseEmail("<mailto:JAN@bücher.de>")   → "jan@xn--bcher-kva.de"
 */
export function normaliseEmail(raw: string): string | null {
  let s = raw.slice(0, MAX_INPUT).trim().replace(/^<(.*)>$/s, '$1').trim();
  s = s.replace(/^mailto:/i, '');
  const parts = s.split('@');
  if (parts.length !== 2) return null;
  const local = parts[0]!.normalize('NFC').toLowerCase();
  const domainRaw = parts[1]!.replace(/\.+$/, '');
  if (!local || /\s/.test(local) || !domainRaw || /[\s/\\?#:[\]]/.test(domainRaw)) return null;
  const domain = domainToASCII(domainRaw.normalize('NFC').toLowerCase());
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return null;
  return `${local}@${domain}`;
}

/** Layouts of Dutch licence plates by sidecode (L = letter, D = digit), 1 to 14. */
const SIDECODES: readonly string[] = [
  'LLDDDD', // 1  XX-99-99
  'DDDDLL', // 2  99-99-XX
  'DDLLDD', // 3  99-XX-99
  'LLDDLL', // 4  XX-99-XX
  'LLLLDD', // 5  XX-XX-99
  'DDLLLL', // 6  99-XX-XX
  'DDLLLD', // 7  99-XXX-9
  'DLLLDD', // 8  9-XXX-99
  'LLDDDL', // 9  XX-999-X
  'LDDDLL', // 10 X-999-XX
  'LLLDDL', // 11 XXX-99-X
  'LDDLLL', // 12 X-99-XXX
  'DLLDDD', // 13 9-XX-999
  'DDDLLD', // 14 999-XX-9
];

/**
 * The sidecode (1..14) of a normalised Dutch plate, or null.
 */
export function plateSidecode(plate: string): number | null {
  const layout = plate.replace(/[A-Z]/g, 'L').replace(/[0-9]/g, 'D');
  const i = SIDECODES.indexOf(layout);
  return i < 0 ? null : i + 1;
}

/**
 * A Dutch licence plate, uppercase without dashes, spaces or dots, when its letters and digits
 * follow one of the sidecodes 1–14 (loosely: which letters are in use is not checked). Foreign
 * and special plates (diplomatic, trade plates) return null, as does anything else.
 *
 *   normalisePlate("ab-12-cd") → "AB12CD";  normalisePlate("1-ABC-23") → "1ABC23"
 *   normalisePlate("hello")    → null;      normalisePlate("B-MW 1234") → null
 */
export function normalisePlate(raw: string): string | null {
  const s = fold(raw.slice(0, 64)).toUpperCase().replace(/[\s.\-–]/g, '');
  if (!/^[A-Z0-9]{6}$/.test(s)) return null;
  return plateSidecode(s) === null ? null : s;
}

// ---------------------------------------------------------------------------------------------
// Websites and online handles

/**
 * Platforms whose profile URLs name a handle: host (without "www."/"m.") → platform name.
 */
const PLATFORMS: Readonly<Record<string, string>> = {
  'instagram.com': 'instagram',
  'facebook.com': 'facebook',
  'fb.com': 'facebook',
  'tiktok.com': 'tiktok',
  'twitter.com': 'x',
  'x.com': 'x',
  't.me': 'telegram',
  'telegram.me': 'telegram',
  'snapchat.com': 'snapchat',
  'onlyfans.com': 'onlyfans',
  'linkedin.com': 'linkedin',
  'youtube.com': 'youtube',
  'threads.net': 'threads',
};
const PLATFORM_NAMES = new Set(Object.values(PLATFORMS));
/** Path segments that are not a profile (facebook.com/groups/…, snapchat.com/add/…). */
const PROFILE_SUBPATH: Readonly<Record<string, string>> = { snapchat: 'add', linkedin: 'in' };

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function handleKey(handle: string, platform?: string): string | null {
  const h = handle.replace(/^@+/, '').toLowerCase();
  if (!/^[\p{L}\p{N}._-]{1,100}$/u.test(h)) return null;
  const p = platform ? platform.trim().toLowerCase().replace(/[^a-z0-9]/g, '') : '';
  const name = p === 'twitter' ? 'x' : p;
  return name ? `${name}:@${h}` : `@${h}`;
}

/**
 * A website or an online handle as one key.
 *
 * Websites: the host, lowercased, in ASCII (punycode), without "www." (also "www2.") or the
 * mobile-site "m." (as long as a name with a dot is left: "m.nl" stays), without port,
 * followed by the path without trailing slash; scheme, query and fragment are dropped, the
 * path keeps its case (paths are case-sensitive).
 *
 *   normaliseWebsite("https://WWW.Example.nl/Adverts/123/?ref=x") → "example.nl/Adverts/123"
 *   normaliseWebsite("example.nl/")                                → "example.nl"
 *
 * Handles: "@name", with an optional platform, lowercased. A profile URL of a known platform is
 * the same handle, so the URL and the handle meet:
 *
 *   normaliseWebsite("@Jan_Jansen")                            → "@jan_jansen"
 *   normaliseWebsite("@Jan_Jansen", "Instagram")               → "instagram:@jan_jansen"
 *   normaliseWebsite("https://www.instagram.com/jan_jansen/")  → "instagram:@jan_jansen"
 *   normaliseWebsite("instagram:@jan_jansen")                  → "instagram:@jan_jansen"
 *   normaliseWebsite("https://www.tiktok.com/@jan_jansen")     → "tiktok:@jan_jansen"
 *
 * A handle without platform does not equal the same handle with one; match.ts does not bridge
 * them either (the same name on two platforms need not be the same person). Null for anything
 * that is neither.
 */
export function normaliseWebsite(raw: string, platform?: string): string | null {
  const s = raw.slice(0, MAX_INPUT).trim();
  if (!s) return null;
  if (s.startsWith('@')) return handleKey(s, platform);
  const prefixed = /^([a-z]+):@(.+)$/i.exec(s);
  if (prefixed && PLATFORM_NAMES.has(prefixed[1]!.toLowerCase())) return handleKey(prefixed[2]!, prefixed[1]);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  let host = url.hostname.replace(/\.+$/, '');
  // "www.", "m." (mobile site) go, as long as a domain with a dot is left ("m.nl" stays).
  for (let m = /^(?:www\d*|m|mobile)\.(.*\..*)$/.exec(host); m; m = /^(?:www\d*|m|mobile)\.(.*\..*)$/.exec(host)) host = m[1]!;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  const platformName = PLATFORMS[host];
  if (platformName) {
    const sub = PROFILE_SUBPATH[platformName];
    const first = sub ? (segments[0] === sub ? segments[1] : undefined) : segments[0];
    if (first && (platformName !== 'facebook' || segments.length === 1)) {
      const key = handleKey(safeDecode(first), platformName);
      if (key && !['p', 'reel', 'watch', 'share', 'groups', 'events', 'hashtag', 'explore', 'profile.php'].includes(first)) {
        return key;
      }
    }
  }
  const path = segments.length ? `/${segments.join('/')}` : '';
  return `${host}${path}`;
}

// ---------------------------------------------------------------------------------------------
// Organisations

/**
 * Legal forms and words that say what kind of organisation it is rather than which one. They
 * are removed at the start and the end of the name ("Stichting X", "X Holding B.V."), not in the
 * middle. "Vereniging" is kept (it is usually part of the name). "Stichting" is removed: "Stichting De Brug" and "De Brug" are the same
 * organisation in a signal far more often than not; "Holding" likewise (a holding and its
 * operating company are linked, and the reasons show why they matched).
 */
const LEGAL_FORMS = new Set([
  'bv', 'nv', 'vof', 'cv', 'bvba', 'sprl', 'srl', 'gmbh', 'ag', 'ltd', 'limited', 'llc', 'inc', 'plc',
  'sarl', 'sas', 'stichting', 'cooperatie', 'ua', 'wa', 'maatschap', 'eenmanszaak', 'holding', 'io',
  'kg', 'ohg', 'ug', 'co', 'corp',
]);
/** Of those, the ones that also stand at the start ("Stichting X"); "Co" there is a first name. */
const LEADING_LEGAL_FORMS = new Set(['bv', 'nv', 'vof', 'stichting', 'cooperatie', 'maatschap', 'eenmanszaak', 'holding']);

/**
 * An organisation name as a matching key: folded, "&" read as "en", punctuation removed (so
 * "B.V." is "bv"), legal forms at either end removed, words separated by one space.
 *
 *   normaliseOrganisationName("Bakkerij De Vries B.V.")       → "bakkerij de vries"
 *   normaliseOrganisationName("STICHTING Het Anker")          → "het anker"
 *   normaliseOrganisationName("Schoonmaak & Co v.o.f.")       → "schoonmaak"
 *   normaliseOrganisationName("Café Ünal Holding BV")         → "cafe unal"
 *   normaliseOrganisationName("B.V.")                         → null
 *
 * Null when nothing is left.
 */
export function normaliseOrganisationName(raw: string): string | null {
  const s = fold(raw)
    .replace(/&/g, ' en ')
    .split(/\s+/)
    .map((w) => (/^(\p{L}\.)+\p{L}?\.?$/u.test(w) ? w.replace(/\./g, '') : w)) // "b.v." → "bv", "v.o.f" → "vof"
    .join(' ')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ');
  const words = s.split(/\s+/).filter(Boolean);
  // "& Co" at the end: "en co"
  while (words.length && (LEGAL_FORMS.has(words[words.length - 1]!) || (words[words.length - 1] === 'en' && words.length > 1))) {
    words.pop();
  }
  while (words.length && LEADING_LEGAL_FORMS.has(words[0]!)) words.shift();
  const out = words.join(' ');
  return out || null;
}

/**
 * Matching keys of an organisation name, in the same shape as a person's name keys so that
 * match.ts scores both alike (no initial, no prefix): exact = the normalised name, trigrams of
 * its words, the phonetic key of the whole name.
 */
export function organisationKeys(raw: string): NameKeys {
  const name = normaliseOrganisationName(raw) ?? '';
  const compact = lettersOnly(name) || name.replace(/\s+/g, '');
  return {
    exact: name,
    initial: '',
    prefixClass: '',
    surname: compact,
    phonetic: dutchPhoneticKey(name),
    trigrams: trigrams(name),
    parts: [],
  };
}

/** Dice similarity of two organisation names' word trigrams, 0..1. */
export function organisationSimilarity(a: string, b: string): number {
  const ka = organisationKeys(a);
  const kb = organisationKeys(b);
  if (!ka.exact || !kb.exact) return 0;
  if (ka.exact === kb.exact) return 1;
  return dice(ka.trigrams, kb.trigrams);
}
