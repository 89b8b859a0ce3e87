/**
 * A small seeded PRNG for the synthetic data generator (issue 4).
 *
 * sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, 128 bits of state, passes
 * PractRand) seeded through a 32-bit mix of (seed, stream, index). Everything is 32-bit integer
 * arithmetic, so the sequence is the same on every platform and Node version: the same seed
 * gives byte-identical output.
 *
 * The generator never keeps one long sequence for a whole file. Each entity gets its own small
 * generator from {@link Rng.at}(seed, stream, index), so entity i of a register is a pure
 * function of (seed, i): registers can be written in any order or in parallel, and a signal can
 * refer to person 812 345 without anyone holding the persons in memory.
 */

/** A 32-bit finaliser (murmur3 fmix32). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of 32-bit integers to one (order-sensitive). */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    // Numbers above 2^32 (large indexes) are folded in as two halves.
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    h = fmix32((h ^ lo) + 0x7f4a7c15 + (h << 6) + (h >>> 2));
    if (hi !== 0) h = fmix32((h ^ hi) + 0x7f4a7c15);
  }
  return h;
}

/** A string as a 32-bit number (FNV-1a then fmix), for seeds and stream names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A seed given as a number or a string, as one 32-bit number. */
export function seedOf(seed: number | string): number {
  return typeof seed === 'number' && Number.isInteger(seed) ? hash32(seed) : hashString(String(seed));
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** YYYY-MM-DD of a day number (proleptic Gregorian; Hinnant's civil_from_days, much faster than Date). */
export function isoDay(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** A cumulative table for weighted picks in O(log n). */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('WeightedTable: no entries');
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new Error('WeightedTable: negative weight');
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('WeightedTable: zero total weight');
    this.total = sum;
  }

  /** The item for a uniform number u in [0, 1). */
  at(u: number): T {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = seed | 0;
    this.b = fmix32(seed ^ 0x9e3779b9) | 0;
    this.c = fmix32(seed ^ 0x85ebca6b) | 0;
    this.d = 1;
    for (let i = 0; i < 6; i++) this.nextUint32(); // warm up
  }

  /** The generator of entity `index` in `stream` ("person", "address" …) for a seed. */
  static at(seed: number, stream: string | number, index = 0): Rng {
    const s = typeof stream === 'number' ? stream : hashString(stream);
    return new Rng(hash32(seed, s, index));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A weighted pick from [item, weight] pairs (builds no table: use a WeightedTable for hot paths). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const e of entries) total += e[1];
    let u = this.next() * total;
    for (const e of entries) {
      u -= e[1];
      if (u < 0) return e[0];
    }
    return entries[entries.length - 1]![0];
  }

  from<T>(table: WeightedTable<T>): T {
    return table.at(this.next());
  }

  /** A date between from and to (YYYY-MM-DD, both inclusive). */
  dateBetween(from: string, to: string): string {
    return isoDay(this.int(dayNumber(from), dayNumber(to)));
  }

  /** A string of n decimal digits. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/**
 * A bijection of [0, n) onto itself, for numbering entities with unique but unordered-looking
 * identifiers (BSN, KvK numbers, phone numbers) without a set of the numbers already used: a
 * 4-round Feistel network over the smallest even power of two ≥ n, with cycle walking (a value
 * that falls outside [0, n) is put through again, which keeps it a bijection of [0, n)).
 * n up to 2^52.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly keys: number[];
  private readonly h: number;

  constructor(
    readonly n: number,
    seed: number,
  ) {
    if (!(n >= 1 && n <= 2 ** 52)) throw new RangeError('Permutation: n out of range');
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.keys = [0, 1, 2, 3].map((r) => hash32(seed, r, 0x5eed));
    this.h = 2 ** this.halfBits;
  }

  private round(x: number): number {
    const h = this.h; // at most 2^26: half a value fits in 32 bits
    let left = Math.floor(x / h);
    let right = x % h;
    for (const key of this.keys) {
      const f = fmix32(key ^ fmix32(right + 0x9e3779b9)) % h;
      const next = (left + f) % h; // addition mod 2^halfBits: invertible like xor
      left = right;
      right = next;
    }
    return left * h + right;
  }

  map(i: number): number {
    if (!(i >= 0 && i < this.n)) throw new RangeError('Permutation: index out of range');
    let x = this.round(i);
    while (x >= this.n) x = this.round(x);
    return x;
  }
}
