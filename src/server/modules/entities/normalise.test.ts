import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  dutchPhoneticKey,
  nameKeys,
  nameSimilarity,
  normaliseEmail,
  normaliseKvk,
  normaliseOrganisationName,
  normalisePhone,
  normalisePlate,
  normalisePostcode,
  normaliseWebsite,
  organisationKeys,
  organisationSimilarity,
  parseDutchName,
  parseHouseNumber,
  plateSidecode,
  prefixClass,
} from './normalise.js';
import { dice, fold, trigrams } from './text.js';

const LONG = 'a'.repeat(2000);
const LONG_MIXED = 'Jan van der Berg, '.repeat(120); // ~2000 characters

describe('fold and trigrams', () => {
  it('folds case, diacritics, Turkish ı/İ and ligatures', () => {
    expect(fold('Ö. Yılmaz')).toBe('o. yilmaz');
    expect(fold('İBRAHİM')).toBe('ibrahim');
    expect(fold('Groß Ĳssel Søren Æsop')).toBe('gross ijssel soren aesop');
    expect(fold('Ünal Çelik Şahin Ğ')).toBe('unal celik sahin g');
  });

  it('makes pg_trgm-style trigrams per word', () => {
    expect(trigrams('berg')).toEqual(['  b', ' be', 'ber', 'erg', 'rg ']);
    expect(trigrams('')).toEqual([]);
    expect(trigrams('aa aa')).toEqual(['  a', ' aa', 'aa ']);
  });

  it('computes the Dice coefficient over sets', () => {
    expect(dice(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(dice(['a', 'b'], ['c'])).toBe(0);
    expect(dice([], [])).toBe(0);
    expect(dice(['a', 'b', 'c', 'd'], ['a', 'b'])).toBeCloseTo(4 / 6);
  });
});

describe('parseDutchName', () => {
  it.each([
    ['J. van der Berg', { givenNames: [], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['Jan vd Berg', { givenNames: ['jan'], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['Jan v.d. Berg', { givenNames: ['jan'], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['Jan v/d Berg', { givenNames: ['jan'], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['Berg, Jan van den', { givenNames: ['jan'], initials: 'J', prefix: 'van den', surname: 'berg' }],
    ['Berg van den, J.', { givenNames: [], initials: 'J', prefix: 'van den', surname: 'berg' }],
    ['van den Berg, Jan', { givenNames: ['jan'], initials: 'J', prefix: 'van den', surname: 'berg' }],
    ['BERG VAN DEN J.', { givenNames: [], initials: 'J', prefix: 'van den', surname: 'berg' }],
    ['Berg J.W.', { givenNames: [], initials: 'JW', prefix: '', surname: 'berg' }],
    ['Jan van den Berg-de Vries', { givenNames: ['jan'], initials: 'J', prefix: 'van den', surname: 'berg-de vries' }],
    ['Jan van den Berg - de Vries', { givenNames: ['jan'], initials: 'J', prefix: 'van den', surname: 'berg-de vries' }],
    ['Jan Berg-de Vries', { givenNames: ['jan'], initials: 'J', prefix: '', surname: 'berg-de vries' }],
    ["'t Hart", { givenNames: [], initials: '', prefix: "'t", surname: 'hart' }],
    ['P. ’t Hart', { givenNames: [], initials: 'P', prefix: "'t", surname: 'hart' }],
    ['ter Horst', { givenNames: [], initials: '', prefix: 'ter', surname: 'horst' }],
    ['El Amrani', { givenNames: [], initials: '', prefix: '', surname: 'el amrani' }],
    ['Mohamed El Amrani', { givenNames: ['mohamed'], initials: 'M', prefix: '', surname: 'el amrani' }],
    ['Ö. Yılmaz', { givenNames: [], initials: 'O', prefix: '', surname: 'yilmaz' }],
    ['  JAN   DE   VRIES  ', { givenNames: ['jan'], initials: 'J', prefix: 'de', surname: 'vries' }],
    ['Jan-Willem de Boer', { givenNames: ['jan-willem'], initials: 'JW', prefix: 'de', surname: 'boer' }],
    ['Anna Maria Janssen', { givenNames: ['anna', 'maria'], initials: 'AM', prefix: '', surname: 'janssen' }],
    ["J.W. van 't Hof", { givenNames: [], initials: 'JW', prefix: "van 't", surname: 'hof' }],
    ['J. v. Dijk', { givenNames: [], initials: 'J', prefix: 'van', surname: 'dijk' }],
    ['J. V. Dijk', { givenNames: [], initials: 'JV', prefix: '', surname: 'dijk' }],
    ["d'Ancona", { givenNames: [], initials: '', prefix: "d'", surname: 'ancona' }],
    ["'s-Gravesande", { givenNames: [], initials: '', prefix: "'s", surname: 'gravesande' }],
    ['Jan (Johnny) de Vries', { givenNames: ['jan'], initials: 'J', prefix: 'de', surname: 'vries' }],
    ['Thi Le', { givenNames: ['thi'], initials: 'T', prefix: '', surname: 'le' }],
    ['Ben Ali', { givenNames: ['ben'], initials: 'B', prefix: '', surname: 'ali' }],
    ['Al Jansen', { givenNames: ['al'], initials: 'A', prefix: '', surname: 'jansen' }],
    ['Mohamed Al Masri', { givenNames: ['mohamed'], initials: 'M', prefix: '', surname: 'al masri' }],
    ['Youssef Ben Ali', { givenNames: ['youssef'], initials: 'Y', prefix: '', surname: 'ben ali' }],
    ['Berg', { givenNames: [], initials: '', prefix: '', surname: 'berg' }],
    ['J.van der Berg', { givenNames: [], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['J.W.van der Berg', { givenNames: [], initials: 'JW', prefix: 'van der', surname: 'berg' }],
    ['Jan v.d.Berg', { givenNames: ['jan'], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['vd Berg, J.', { givenNames: [], initials: 'J', prefix: 'van der', surname: 'berg' }],
    ['dhr. J. de Vries jr.', { givenNames: [], initials: 'J', prefix: 'de', surname: 'vries' }],
    ['de heer J. de Vries', { givenNames: [], initials: 'J', prefix: 'de', surname: 'vries' }],
    ['Mr. Drs. P. Bakker', { givenNames: [], initials: 'P', prefix: '', surname: 'bakker' }],
    ['Vries, mevr. A. de', { givenNames: [], initials: 'A', prefix: 'de', surname: 'vries' }],
    ['de Heer', { givenNames: [], initials: '', prefix: 'de', surname: 'heer' }],
    ['de Heer, J.', { givenNames: [], initials: 'J', prefix: 'de', surname: 'heer' }],
    ['J. de Heer', { givenNames: [], initials: 'J', prefix: 'de', surname: 'heer' }],
    ['Maria de Jong - van Dam', { givenNames: ['maria'], initials: 'M', prefix: 'de', surname: 'jong-van dam' }],
  ])('%s', (raw, expected) => {
    expect(parseDutchName(raw)).toEqual(expected);
  });

  it('handles empty input, only a prefix, only initials and punctuation', () => {
    const none = { givenNames: [], initials: '', prefix: '', surname: '' };
    expect(parseDutchName('')).toEqual(none);
    expect(parseDutchName('   ')).toEqual(none);
    expect(parseDutchName('...,,,')).toEqual(none);
    expect(parseDutchName('12345')).toEqual(none);
    expect(parseDutchName('van der')).toEqual({ ...none, prefix: 'van der' });
    expect(parseDutchName('J.')).toEqual({ ...none, initials: 'J' });
    expect(parseDutchName(', Jan')).toEqual({ givenNames: [], initials: '', prefix: '', surname: 'jan' });
  });

  it('keeps other scripts', () => {
    expect(parseDutchName('Иван Петров').surname).toBe('петров');
    expect(nameKeys('Иван Петров').exact).toBe('и|петров');
  });

  it('does not blow up on ~2000 characters', () => {
    for (const raw of [LONG, LONG_MIXED, `${'van '.repeat(500)}Berg`, '-'.repeat(2000), "'".repeat(2000)]) {
      const started = Date.now();
      const parsed = parseDutchName(raw);
      expect(typeof parsed.surname).toBe('string');
      expect(nameKeys(raw).trigrams.length).toBeLessThan(600);
      expect(Date.now() - started).toBeLessThan(500);
    }
  });
});

describe('prefixClass', () => {
  it('puts van de / van der / van den in one class', () => {
    expect(prefixClass('van de')).toBe('van de');
    expect(prefixClass('van der')).toBe('van de');
    expect(prefixClass('van den')).toBe('van de');
    expect(prefixClass('ter')).toBe('te');
    expect(prefixClass('ten')).toBe('te');
    expect(prefixClass('het')).toBe("'t");
    expect(prefixClass('')).toBe('');
  });
});

describe('nameKeys', () => {
  it('gives the documented keys', () => {
    expect(nameKeys('J. van der Berg')).toEqual({
      exact: 'j|berg',
      initial: 'j',
      prefixClass: 'van de',
      surname: 'berg',
      phonetic: 'berg',
      trigrams: ['  b', ' be', 'ber', 'erg', 'rg '],
      parts: ['berg'],
      given: '',
      givenPhonetic: '',
      del1: ['berg', 'erg', 'brg', 'beg', 'ber'],
    });
    expect(nameKeys('Jeroen Vink')).toMatchObject({ given: 'jeroen', givenPhonetic: 'jeroen', del1: ['vink', 'ink', 'vnk', 'vik', 'vin'] });
    expect(nameKeys('Jan-Willem de Boer').given).toBe('jan');
    expect(nameKeys('Boer, Thijs de').givenPhonetic).toBe(nameKeys('Tijs de Boer').givenPhonetic);
    expect(nameKeys('meneer Scholten')).toMatchObject({ initial: '', given: '', surname: 'scholten' });
    expect(nameKeys('Bos').del1).toEqual(['bos']);
  });

  it('gives the three ways of writing J. van der Berg the same keys (the written-out given name apart)', () => {
    const a = nameKeys('J. van der Berg');
    const jan = { ...a, given: 'jan', givenPhonetic: 'jan' };
    expect(nameKeys('Jan vd Berg')).toEqual(jan);
    expect(nameKeys('Berg, Jan van den')).toEqual(jan);
    expect(nameKeys('BERG VAN DEN, J.')).toEqual(a);
  });

  it('splits double surnames and particles into parts', () => {
    expect(nameKeys('Jan van den Berg-de Vries').parts).toEqual(['berg', 'vries']);
    expect(nameKeys('Jan van den Berg-de Vries').surname).toBe('bergdevries');
    expect(nameKeys('M. El Amrani').parts).toEqual(['elamrani', 'amrani']);
    expect(nameKeys('M. El-Amrani').exact).toBe(nameKeys('M. Elamrani').exact);
  });

  it('gives empty keys for a name without a surname', () => {
    expect(nameKeys('')).toEqual({
      exact: '',
      initial: '',
      prefixClass: '',
      surname: '',
      phonetic: '',
      trigrams: [],
      parts: [],
      given: '',
      givenPhonetic: '',
      del1: [],
    });
    expect(nameKeys('van der').exact).toBe('');
  });
});

describe('dutchPhoneticKey', () => {
  it.each([
    ['Meijer', 'Meyer', 'Meier', 'Mijer'],
    ['Janssen', 'Jansen'],
    ['Vries', 'Fries', 'Vriess'],
    ['Bakker', 'Backer', 'Baker'],
    ['Brand', 'Brant', 'Brandt'],
    ['Bosch', 'Bos'],
    ['Yılmaz', 'Yilmaz', 'Jilmaz', 'YILMAZ'],
    ['Huygens', 'Huijgens', 'Huigens'],
    ['Khalid', 'Chalid'],
    ['Philips', 'Filips'],
    ['Thijssen', 'Tijssen', 'Thyssen'],
    ['Bouwman', 'Bauman', 'Bouman'],
    ['Zwart', 'Swart'],
    ['Dijk', 'Dyk', 'Dĳk'],
    ['Claassen', 'Klaassen', 'Klasen'],
  ])('%s sounds like the others', (first, ...others) => {
    for (const other of others) expect(dutchPhoneticKey(other)).toBe(dutchPhoneticKey(first));
  });

  it('keeps different names apart', () => {
    const distinct = ['Meijer', 'Moor', 'Bakker', 'Bekker', 'Berg', 'Burg', 'Vries', 'Visser', 'Jansen', 'Janse', 'Bos', 'Bosman'];
    expect(new Set(distinct.map(dutchPhoneticKey)).size).toBe(distinct.length);
  });

  it('is empty for no letters', () => {
    expect(dutchPhoneticKey('')).toBe('');
    expect(dutchPhoneticKey("123 - '")).toBe('');
  });
});

describe('nameSimilarity', () => {
  const berg = ['J. van der Berg', 'Jan vd Berg', 'Berg, Jan van den'];

  it('scores the ways of writing J. van der Berg ≥ 0.9 against each other', () => {
    for (const a of berg) for (const b of berg) expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(0.9);
  });

  it('scores different names low', () => {
    // Only the (confirmed) given name agrees: 0.4·1.
    expect(nameSimilarity('Jan de Vries', 'Jan van den Berg')).toBeLessThanOrEqual(0.4);
    expect(nameSimilarity('J. de Vries', 'Jan van den Berg')).toBeLessThan(0.4);
    expect(nameSimilarity('Piet Bakker', 'Jan van den Berg')).toBeLessThan(0.2);
  });

  it('scores phonetic variants high-ish', () => {
    expect(nameSimilarity('Janssen', 'Jansen')).toBeGreaterThanOrEqual(0.8);
    expect(nameSimilarity('A. Meijer', 'Anna Meyer')).toBeGreaterThanOrEqual(0.8);
    expect(nameSimilarity('Ö. Yılmaz', 'O. Yilmaz')).toBe(1);
  });

  it('keeps the same surname with another initial below the similar-name threshold', () => {
    expect(nameSimilarity('J. de Vries', 'P. de Vries')).toBeLessThan(0.75);
    expect(nameSimilarity('J. de Vries', 'de Vries')).toBeGreaterThanOrEqual(0.75);
  });

  it('tells written-out given names apart, an initial against a given name staying neutral', () => {
    // Same initial, different given names: another person, as with another initial.
    expect(nameSimilarity('Jeroen Scholten', 'Jesse Scholten')).toBe(nameSimilarity('J. Scholten', 'P. Scholten'));
    expect(nameSimilarity('Jeroen Scholten', 'Jesse Scholten')).toBeLessThan(0.75);
    expect(nameSimilarity('J. Scholten', 'Jeroen Scholten')).toBe(1);
    expect(nameSimilarity('Scholten', 'Jeroen Scholten')).toBe(0.85);
    // Equal (or equal-sounding) given names weigh more when the surnames differ a little.
    expect(nameSimilarity('Jeroen Scholtens', 'Jeroen Scholten')).toBeGreaterThan(nameSimilarity('J. Scholtens', 'Jeroen Scholten'));
    expect(nameSimilarity('Mohammed Amrani', 'Mohamed Amrani')).toBe(1);
    expect(nameSimilarity('Yasmin Bakker', 'Jasmin Bakker')).toBe(1);
  });

  it('takes surnames one typo apart as similar (from 4 letters on)', () => {
    for (const [a, b] of [['J. Vink', 'J. vnik'], ['J. Jansen', 'J. Janswn'], ['J. Vink', 'J. Vin'], ['J. Scholten', 'J. Scholtne']]) {
      expect(nameSimilarity(a!, b!)).toBeGreaterThanOrEqual(0.88);
    }
    expect(nameSimilarity('J. Vos', 'J. Vis')).toBeLessThan(0.75);
    expect(nameSimilarity('J. Vink', 'J. Kniv')).toBeLessThan(0.75);
  });

  it('recognises one part of a double surname', () => {
    expect(nameSimilarity('Jan van den Berg-de Vries', 'Jan van den Berg')).toBeGreaterThanOrEqual(0.85);
    expect(nameSimilarity('M. El Amrani', 'M. Amrani')).toBeGreaterThanOrEqual(0.85);
  });

  it('is 0 when a side has no surname', () => {
    expect(nameSimilarity('', 'Jan Berg')).toBe(0);
    expect(nameSimilarity('van der', 'van der')).toBe(0);
  });
});

describe('addresses', () => {
  it('normalises postcodes', () => {
    expect(normalisePostcode('1234 ab')).toBe('1234AB');
    expect(normalisePostcode(' 1234AB ')).toBe('1234AB');
    expect(normalisePostcode('1234-ab')).toBe('1234AB');
    expect(normalisePostcode('0123AB')).toBeNull();
    expect(normalisePostcode('1234 SS')).toBeNull();
    expect(normalisePostcode('1234 SA')).toBeNull();
    expect(normalisePostcode('12345')).toBeNull();
    expect(normalisePostcode('')).toBeNull();
    expect(normalisePostcode(LONG)).toBeNull();
  });

  it.each([
    ['12', undefined, { number: 12, letter: '', addition: '' }],
    ['12a', undefined, { number: 12, letter: 'A', addition: '' }],
    ['12-A', undefined, { number: 12, letter: 'A', addition: '' }],
    ['12 a', undefined, { number: 12, letter: 'A', addition: '' }],
    ['12 A 2', undefined, { number: 12, letter: 'A', addition: '2' }],
    ['12A-2', undefined, { number: 12, letter: 'A', addition: '2' }],
    ['12 bis', undefined, { number: 12, letter: '', addition: 'BIS' }],
    ['12-2', undefined, { number: 12, letter: '', addition: '2' }],
    ['12/2', undefined, { number: 12, letter: '', addition: '2' }],
    ['12 hs', undefined, { number: 12, letter: '', addition: 'HS' }],
    ['012', undefined, { number: 12, letter: '', addition: '' }],
    [12, 'A 2', { number: 12, letter: 'A', addition: '2' }],
    ['12', 'bis', { number: 12, letter: '', addition: 'BIS' }],
    ['12', '-3hoog', { number: 12, letter: '', addition: '3HOO' }],
  ] as const)('house number %s %s', (hn, addition, expected) => {
    expect(parseHouseNumber(hn, addition)).toEqual(expected);
  });

  it('refuses house numbers out of range', () => {
    expect(parseHouseNumber('0')).toBeNull();
    expect(parseHouseNumber('100000')).toBeNull();
    expect(parseHouseNumber('a12')).toBeNull();
    expect(parseHouseNumber('')).toBeNull();
    expect(parseHouseNumber(-3)).toBeNull();
    expect(parseHouseNumber(1.5)).toEqual({ number: 1, letter: '', addition: '5' });
  });

  it('makes full and building keys', () => {
    expect(addressKey('1234 ab', '12a')).toMatchObject({ full: '1234AB|12|A|', building: '1234AB|12' });
    expect(addressKey('1234AB', 12, 'A 2')).toMatchObject({ full: '1234AB|12|A|2', building: '1234AB|12' });
    expect(addressKey('1234AB', '12 A 2')?.full).toBe(addressKey('1234 ab', '12', 'a-2')?.full);
    expect(addressKey('1234AB', '12 bis')?.full).toBe('1234AB|12||BIS');
    expect(addressKey('1234AB', '12')?.full).toBe('1234AB|12||');
    expect(addressKey('12345', '1')).toBeNull();
    expect(addressKey('1234AB', 'x')).toBeNull();
    expect(addressKey(LONG, LONG, LONG)).toBeNull();
  });
});

describe('identifiers', () => {
  it('normalises KvK numbers', () => {
    expect(normaliseKvk('12345678')).toBe('12345678');
    expect(normaliseKvk('1234 5678')).toBe('12345678');
    expect(normaliseKvk('01.23.45.67')).toBe('01234567');
    expect(normaliseKvk('KvK: 0123-4567')).toBe('01234567');
    expect(normaliseKvk('KvK-nummer 12345678')).toBe('12345678');
    expect(normaliseKvk('1234567')).toBeNull();
    expect(normaliseKvk('123456789012')).toBeNull();
    expect(normaliseKvk('1234567a')).toBeNull();
    expect(normaliseKvk('00000000')).toBeNull();
    expect(normaliseKvk('')).toBeNull();
  });

  it('normalises phone numbers to E.164', () => {
    expect(normalisePhone('06-12345678')).toBe('+31612345678');
    expect(normalisePhone('06 1234 5678')).toBe('+31612345678');
    expect(normalisePhone('0031 6 1234 5678')).toBe('+31612345678');
    expect(normalisePhone('+31 (0)6 12345678')).toBe('+31612345678');
    expect(normalisePhone('030-1234567')).toBe('+31301234567');
    expect(normalisePhone('+32 470 12 34 56')).toBe('+32470123456');
    expect(normalisePhone('+48 512 345 678')).toBe('+48512345678');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('06-1234')).toBeNull();
    expect(normalisePhone('geen nummer')).toBeNull();
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone('9'.repeat(2000))).toBeNull();
  });

  it('normalises e-mail addresses by trimming and case folding only', () => {
    expect(normaliseEmail('  Jan.Jansen@Example.NL ')).toBe('jan.jansen@example.nl');
    expect(normaliseEmail('jan.jansen+werk@gmail.com')).toBe('jan.jansen+werk@gmail.com');
    expect(normaliseEmail('<mailto:JAN@bücher.de>')).toBe('jan@xn--bcher-kva.de');
    expect(normaliseEmail('jan@xn--bcher-kva.de')).toBe('jan@xn--bcher-kva.de');
    expect(normaliseEmail('jan@example.nl.')).toBe('jan@example.nl');
    expect(normaliseEmail('jan')).toBeNull();
    expect(normaliseEmail('jan@localhost')).toBeNull();
    expect(normaliseEmail('a@b@c.nl')).toBeNull();
    expect(normaliseEmail('@example.nl')).toBeNull();
    expect(normaliseEmail('jan jansen@example.nl')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
  });

  it('normalises Dutch licence plates', () => {
    expect(normalisePlate('ab-12-cd')).toBe('AB12CD');
    expect(normalisePlate('AB 12 CD')).toBe('AB12CD');
    expect(normalisePlate('1-ABC-23')).toBe('1ABC23');
    expect(normalisePlate('99-XXX-9')).toBe('99XXX9');
    expect(normalisePlate('GBB-12-H')).toBe('GBB12H');
    expect(plateSidecode('AB1234')).toBe(1);
    expect(plateSidecode('1ABC23')).toBe(8);
    expect(plateSidecode('GBB12H')).toBe(11);
    expect(normalisePlate('hello')).toBeNull();
    expect(normalisePlate('ABCDEF')).toBeNull();
    expect(normalisePlate('123456')).toBeNull();
    expect(normalisePlate('B-MW 1234')).toBeNull();
    expect(normalisePlate('')).toBeNull();
    expect(normalisePlate(LONG)).toBeNull();
  });
});

describe('normaliseWebsite', () => {
  it.each([
    ['https://WWW.Example.nl/Adverts/123/?ref=x', 'example.nl/Adverts/123'],
    ['example.nl/', 'example.nl'],
    ['http://example.nl:8080/a/#top', 'example.nl/a'],
    ['www2.example.nl', 'example.nl'],
    ['https://bücher.de/', 'xn--bcher-kva.de'],
    ['@Jan_Jansen', '@jan_jansen'],
    ['instagram:@jan_jansen', 'instagram:@jan_jansen'],
    ['https://www.instagram.com/Jan_Jansen/', 'instagram:@jan_jansen'],
    ['instagram.com/jan_jansen', 'instagram:@jan_jansen'],
    ['https://www.tiktok.com/@jan_jansen', 'tiktok:@jan_jansen'],
    ['https://twitter.com/jan', 'x:@jan'],
    ['https://t.me/jan_j', 'telegram:@jan_j'],
    ['https://www.linkedin.com/in/jan-jansen/', 'linkedin:@jan-jansen'],
    ['https://www.linkedin.com/company/foo', 'linkedin.com/company/foo'],
    ['https://m.facebook.com/groups/123', 'facebook.com/groups/123'],
    ['https://www.instagram.com/p/abc123/', 'instagram.com/p/abc123'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseWebsite(raw)).toBe(expected);
  });

  it('takes an optional platform for a handle', () => {
    expect(normaliseWebsite('@Jan_Jansen', 'Instagram')).toBe('instagram:@jan_jansen');
    expect(normaliseWebsite('@jan', 'Twitter')).toBe('x:@jan');
  });

  it('refuses what is neither a website nor a handle', () => {
    expect(normaliseWebsite('')).toBeNull();
    expect(normaliseWebsite('   ')).toBeNull();
    expect(normaliseWebsite('@')).toBeNull();
    expect(normaliseWebsite('@jan jansen')).toBeNull();
    expect(normaliseWebsite('geen website')).toBeNull();
    expect(normaliseWebsite('localhost')).toBeNull();
    expect(normaliseWebsite('ftp://example.nl')).toBeNull();
    expect(normaliseWebsite('javascript:alert(1)')).toBeNull();
    expect(normaliseWebsite('instagram.com/%E0%A4%A')).toBe('instagram.com/%E0%A4%A');
    expect(typeof (normaliseWebsite(`example.nl/${LONG}`) ?? '')).toBe('string');
  });
});

describe('normaliseOrganisationName', () => {
  it.each([
    ['Bakkerij De Vries B.V.', 'bakkerij de vries'],
    ['Bakkerij de Vries BV', 'bakkerij de vries'],
    ['bakkerij de vries b.v', 'bakkerij de vries'],
    ['STICHTING Het Anker', 'het anker'],
    ['Schoonmaak & Co v.o.f.', 'schoonmaak'],
    ['Jansen & Zn. VOF', 'jansen en zn'],
    ['Café Ünal Holding BV', 'cafe unal'],
    ['Vereniging Eigen Huis', 'vereniging eigen huis'],
    ['Co Bakker Installatie N.V.', 'co bakker installatie'],
    ['Nagelstudio "Beauty"', 'nagelstudio beauty'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseOrganisationName(raw)).toBe(expected);
  });

  it('is null when nothing is left', () => {
    expect(normaliseOrganisationName('B.V.')).toBeNull();
    expect(normaliseOrganisationName('')).toBeNull();
    expect(normaliseOrganisationName('...')).toBeNull();
  });

  it('compares organisation names', () => {
    expect(organisationSimilarity('Bakkerij De Vries B.V.', 'bakkerij de vries')).toBe(1);
    expect(organisationSimilarity('Bakkerij De Vries', 'Bakkerij De Fries')).toBeGreaterThan(0.6);
    expect(organisationSimilarity('Bakkerij De Vries', 'Nagelstudio Beauty')).toBeLessThan(0.2);
    expect(organisationKeys('B.V.').exact).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const GIVEN = ['Jan', 'Piet', 'Anna', 'Mohamed', 'Özlem', 'Jan-Willem', 'Fatima', 'Kees'];
const PREFIXES = ['', 'van', 'de', 'van der', 'van den', 'ter', "'t", 'van de', 'in het'];
const SURNAMES = ['Berg', 'Vries', 'Jansen', 'Yılmaz', 'Bakker', 'Meijer', 'Hart', 'Horst', 'Visser', 'Çelik'];

/** Randomly upper/lowercases letters and strips or keeps diacritics. */
const scramble = (s: string, flips: boolean[], stripDiacritics: boolean) =>
  Array.from(stripDiacritics ? fold(s) : s)
    .map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c.toLowerCase()))
    .join('');

const personName = fc.record({
  given: fc.constantFrom(...GIVEN),
  prefix: fc.constantFrom(...PREFIXES),
  surname: fc.constantFrom(...SURNAMES),
  form: fc.integer({ min: 0, max: 3 }),
});

function write(n: { given: string; prefix: string; surname: string }, form: number): string {
  const initial = `${fold(n.given)[0]!.toUpperCase()}.`;
  const p = n.prefix ? `${n.prefix} ` : '';
  switch (form) {
    case 0:
      return `${n.given} ${p}${n.surname}`;
    case 1:
      return `${initial} ${p}${n.surname}`;
    case 2:
      return `${n.surname}, ${n.given}${n.prefix ? ` ${n.prefix}` : ''}`;
    default:
      return `${n.surname}${n.prefix ? ` ${n.prefix}` : ''}, ${initial}`;
  }
}

describe('properties', () => {
  it('name keys do not depend on how the name is written', () => {
    fc.assert(
      fc.property(personName, fc.integer({ min: 0, max: 3 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), (n, otherForm, flips, strip, spaces) => {
        const a = write(n, n.form);
        const b = scramble(write(n, otherForm), flips, strip).replace(/ /g, ' '.repeat(spaces));
        const ka = nameKeys(a);
        const kb = nameKeys(b);
        expect(kb.exact).toBe(ka.exact);
        expect(kb.phonetic).toBe(ka.phonetic);
        expect(kb.prefixClass).toBe(ka.prefixClass);
        expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(0.9);
      }),
    );
  });

  it('name similarity is symmetric, in [0, 1] and 1 for a name with itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const ab = nameSimilarity(a, b);
        expect(ab).toBe(nameSimilarity(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        if (nameKeys(a).surname) expect(nameSimilarity(a, a)).toBe(1);
      }),
    );
    fc.assert(
      fc.property(personName, personName, (x, y) => {
        const a = write(x, x.form);
        const b = write(y, y.form);
        expect(nameSimilarity(a, b)).toBe(nameSimilarity(b, a));
      }),
    );
  });

  it('parsing never throws, on any unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const k = nameKeys(s);
        expect(k.exact === '' || k.exact.includes('|')).toBe(true);
        expect(new Set(k.trigrams).size).toBe(k.trigrams.length);
      }),
    );
  });

  it('normalisers are idempotent and total', () => {
    const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(anyString, (s) => {
        for (const f of [normalisePostcode, normaliseKvk, normalisePhone, normaliseEmail, normalisePlate, normaliseWebsite, normaliseOrganisationName]) {
          const once = f(s);
          if (once !== null) expect(f(once)).toBe(once);
        }
        expect(dutchPhoneticKey(dutchPhoneticKey(s).toLowerCase())).toBeTypeOf('string');
      }),
    );
  });

  it('normalisers are idempotent on plausible values', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const letters = (n: number) => fc.array(fc.constantFrom(...'ABCDEFGHJKLNPRTXZ'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(digits(3), letters(2), fc.boolean(), (d, l, space) => {
        const pc = `${1 + (Number(d[0]) % 9)}${d}${space ? ' ' : ''}${l.toLowerCase()}`;
        const once = normalisePostcode(pc);
        if (once) expect(normalisePostcode(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(digits(7), fc.constantFrom('', ' ', '-'), (d, sep) => {
        const phone = normalisePhone(`061${sep}${d}`);
        expect(phone).toBe(`+3161${d}`);
        expect(normalisePhone(phone!)).toBe(phone);
      }),
    );
    fc.assert(
      fc.property(letters(2), digits(2), letters(2), fc.constantFrom('-', ' ', ''), (a, b, c, sep) => {
        const plate = normalisePlate(`${a}${sep}${b}${sep}${c}`.toLowerCase());
        expect(plate).toBe(`${a}${b}${c}`);
        expect(normalisePlate(plate!)).toBe(plate);
      }),
    );
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const once = normaliseEmail(e.toUpperCase());
        if (once) {
          expect(normaliseEmail(once)).toBe(once);
          expect(normaliseEmail(e)).toBe(once);
        }
      }),
    );
    fc.assert(
      fc.property(fc.webUrl(), (u) => {
        const once = normaliseWebsite(u);
        if (once) expect(normaliseWebsite(once)).toBe(once);
      }),
    );
  });

  it('keys are case- and diacritic-insensitive', () => {
    fc.assert(
      fc.property(fc.constantFrom('Bakkerij Çelik B.V.', 'Ünal Holding', 'Jansen & Zn'), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (org, flips) => {
        expect(normaliseOrganisationName(scramble(org, flips, true))).toBe(normaliseOrganisationName(org));
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SURNAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (s, flips) => {
        expect(dutchPhoneticKey(scramble(s, flips, true))).toBe(dutchPhoneticKey(s));
      }),
    );
  });
});
