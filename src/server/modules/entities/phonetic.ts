import { fold, lettersOnly } from './text.js';

/**
 * A phonetic key for Dutch surnames (and organisation names): names that sound the same in
 * Dutch get the same key, so "Meijer", "Meyer", "Meier" and "Mijer" meet, as do "Janssen" and
 * "Jansen", "de Vries" and "de Fries", "Bakker" and "Backer", "Brand" and "Brant", "Bosch" and
 * "Bos", "Yılmaz" and "Jilmaz", "Huygens" and "Huijgens".
 *
 * The input is folded (lowercase, no diacritics) and reduced to its letters; the rules are then
 * applied in this order, each to the whole string:
 *
 *  1. "sch" at the end → "s" (Bosch = Bos); "sch" elsewhere → "sg" (Schouten = Sgouten)
 *  2. "ch", "gh", "kh" → "g" (the Dutch g sound: Gerrits = Cherrits, Khalid = Chalid = Galid)
 *  3. "ph" → "f"; "th" → "t"
 *  4. "y" before a vowel at the start → "j" (Yilmaz = Jilmaz)
 *  5. "uij", "uy" → "ui"; "oij", "oy" → "oi" (old spellings: Huygens = Huijgens = Huigens)
 *  6. "eij", "ij", "ei", "ey", "y" → "EI" (one sound: Meijer = Meyer = Meier = Mijer, Dyk = Dijk)
 *  7. "auw", "ouw", "au", "ou" → "AU" (Bouwman = Bauman)
 *  8. "ae" → "a" (old spelling of aa: Baelen = Balen); "ie" → "i" (Vries = Vris)
 *  9. "ck" → "k"; "c" before e/i/EI → "s", other "c" → "k"; "qu" → "kw", "q" → "k"; "x" → "ks"
 * 10. "z" → "s"; "v" → "f" (voicing is not kept apart: Zwart = Swart, Vries = Fries)
 * 11. "dt" → "t"; a final "d" → "t" (final devoicing: Brand = Brant)
 * 12. "h" that is not the first letter is dropped (Ahmed = Amed, Thijs = Tijs)
 * 13. runs of the same letter collapse to one (Janssen = Jansen, Bakker = Baker, Veen = Ven)
 *
 * The sound classes of rules 6 and 7 are written in capitals so that later rules do not read
 * them as letters again ("Meier" → "mEIer", not "meir" through rule 8's "ie").
 *
 * Vowels are kept (apart from the merges above): dropping them, as Soundex does, would make
 * "Meijer" and "Moor" the same. The key is for equality only; closeness is the trigrams' job.
 * Letters of other scripts pass through unchanged. Returns "" for a name without letters.
 */
export function dutchPhoneticKey(raw: string): string {
  let s = lettersOnly(fold(raw));
  if (!s) return '';
  s = s.replace(/sch$/, 's').replace(/sch/g, 'sg');
  s = s.replace(/ch|gh|kh/g, 'g');
  s = s.replace(/ph/g, 'f').replace(/th/g, 't');
  s = s.replace(/^y(?=[aeiou])/, 'j');
  s = s.replace(/uij|uy/g, 'ui').replace(/oij|oy/g, 'oi');
  s = s.replace(/eij|ij|ei|ey|y/g, 'EI');
  s = s.replace(/auw|ouw|au|ou/g, 'AU');
  s = s.replace(/ae/g, 'a').replace(/ie/g, 'i');
  s = s.replace(/ck/g, 'k').replace(/c(?=[eiE])/g, 's').replace(/c/g, 'k');
  s = s.replace(/qu/g, 'kw').replace(/q/g, 'k').replace(/x/g, 'ks');
  s = s.replace(/z/g, 's').replace(/v/g, 'f');
  s = s.replace(/dt/g, 't').replace(/d$/, 't');
  s = s.replace(/(?<!^)h/g, '');
  s = s.replace(/(.)\1+/gu, '$1');
  return s;
}
