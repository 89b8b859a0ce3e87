import fc from 'fast-check';

/**
 * JSON Schema → fast-check, for the subset the OpenAPI document of the API uses
 * (zod 4 → JSON Schema via fastify-type-provider-zod): object/properties/required,
 * string with minLength/maxLength/format/pattern/enum, number/integer with bounds,
 * boolean, null, array with minItems/maxItems, anyOf/oneOf. Test-only code for the
 * API fuzzer (api-fuzzer.ts); it must not import vitest.
 *
 * Three kinds of values:
 * - validValue: what the schema allows. Patterns with known meaning (dates, months,
 *   uuids) get realistic values, and strings named like a phone number get phone
 *   numbers (their check is a refinement the document cannot express).
 * - boundaryValue: the edges (min/max length, items, bounds) and one step beyond.
 * - hostileValue: wrong types, huge strings, unicode edge cases, injection strings,
 *   invalid dates, postcodes and phone numbers.
 * `violations` tells whether a value conforms to the schema, as zod would see it.
 */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** Where a value goes, for the hints: the property name and the operation. */
export interface ValueContext {
  /** The property (or parameter) name, e.g. `partnerId`, `phone`. */
  name?: string;
  /** Ids for a uuid-formatted value with this name (own objects, another municipality's, random). */
  ids(name: string | undefined): fc.Arbitrary<string>;
  /** More examples by property name (e.g. an account the fuzzer may log in with). */
  examples?: Record<string, { valid: string[]; invalid: string[] }>;
}

const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';

/** 1 MiB of text: larger than the body limit (LIMITS.bodyBytes). */
export const HUGE_STRING = 'x'.repeat(1 << 20);
/** Below the body limit, far above every maxLength. */
const LONG_STRING = 'é'.repeat(100_000);

/** Strings a user can type or paste that have broken other systems. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '   ', '\t', '\n', '\r\n', '\u00a0',
  // SQL and LIKE
  "' OR '1'='1", "'; DROP TABLE signals; --", '" OR ""="', "1); select pg_sleep(1); --", "%' --", '%', '_', '\\', "\\'", '$1', ':id',
  // HTML, templates, formulas (CSV/XLSX exports), paths, URLs
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '=HYPERLINK("http://x","y")', '+SUM(1)', '@SUM(1)',
  '-2+3', '../../etc/passwd', '%2e%2e%2f', 'javascript:alert(1)', 'http://169.254.169.254/latest',
  // Unicode: RTL override, zero-width, BOM, line separators, lone surrogates, emoji, combining marks, case folding
  '\u202eevil\u202c', 'a\u200bb', '\u200d', '\ufeff', '\u2028\u2029', '\ud800', '\udfff', 'x\ud83d', '\udc00y',
  '👩‍👩‍👧‍👦', '🏳️‍🌈', 'Z̴͑ͫ̓a̵ͫ͗l̠ͨͧg̴̻͈o̵̹̻', 'ß', 'İ', 'ﬀ', '𝕏', 'Ǆ', '\u0301', 'ٱلْعَرَبِيَّة', '中文', '\uffff', '\ufffd',
  // Control characters (refused before validation: v.control_chars)
  '\u0000', 'a\u0000b', '\u001b[31m', '\u0007', '\u007f', '\u0085',
  // Things that parse as something else
  'NaN', 'null', 'undefined', 'true', '0', '-1', '1e309', '-0', '0x10', '9'.repeat(400), '[]', '{}', '__proto__', 'constructor',
];

/** Invalid values of the formats the API checks with refinements or patterns. */
const INVALID_DATES = ['2026-02-30', '2026-13-01', '0000-00-00', '9999-99-99', '2026-1-1', '26-11-28', '+275760-09-13', '-000001-01-01', '2026-11-28T10:00:00Z', '28-11-2026', '2026/11/28', '2100-01-01', '1900-02-29'];
const INVALID_POSTCODES = ['0123 AB', '1234 A', '1234ABC', '12345', 'AB 1234', '1234  AB', '١٢٣٤ AB'];
const INVALID_PHONES = ['12', 'abc', '+31 6', '0612345678901234567890', '+', '++31612345678', '06-1234-567x', '+999 1234', '0'];
const VALID_PHONES = ['06 12345678', '+31 348 551 111', '0348551111', '0031612345678', '+44 20 7946 0958'];

/** Values for unpatterned strings whose real check is a refinement (by property name). */
const NAMED_EXAMPLES: Record<string, { valid: string[]; invalid: string[] }> = {
  phone: { valid: VALID_PHONES, invalid: INVALID_PHONES },
  plate: { valid: ['AB-123-C', '12-ABC-3', 'XX-99-YY'], invalid: ['!!!!', 'A', '--------'] },
  website: { valid: ['voorbeeld.nl', 'instagram:@naam', 'https://voorbeeld.nl/pad'], invalid: ['not a site', '::', 'http://'] },
  secureEmail: { valid: ['veilig@zorg.nl'], invalid: ['geen-adres', '@', 'a@b'] },
  code: { valid: ['123456', '000000', 'abcd-efgh-ijkl'], invalid: ['12345', '1234567', 'abcdef'] },
  newPassword: { valid: ['een lang genoeg wachtwoord'], invalid: ['kort'] },
};

/** Realistic values for patterns that would otherwise be mostly nonsense ('0000-00-00'). */
function knownPattern(pattern: string): fc.Arbitrary<string> | null {
  if (pattern === ISO_DATE) {
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2026-11-27T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (pattern === MONTH) return fc.tuple(fc.integer({ min: 2000, max: 2027 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
  return null;
}

function invalidForPattern(pattern: string): string[] {
  if (pattern === ISO_DATE) return INVALID_DATES;
  if (pattern === MONTH) return ['2026-13', '2026-00', '2026-1', '1999-12', '2026-12-01'];
  if (pattern.includes('[1-9][0-9]{3}')) return INVALID_POSTCODES;
  return [];
}

export const typesOf = (schema: JsonSchema): JsonType[] => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);
const variantsOf = (schema: JsonSchema): JsonSchema[] | undefined => schema.anyOf ?? schema.oneOf;
const isUuid = (schema: JsonSchema) => schema.format === 'uuid';

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) regexCache.set(pattern, (re = new RegExp(pattern)));
  return re;
}

/** A value the schema allows. */
export function validValue(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<unknown> {
  const variants = variantsOf(schema);
  if (variants) return fc.oneof(...variants.map((v) => validValue(v, ctx)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, ctx)));
  switch (types[0]) {
    case 'object':
      return validObject(schema, ctx);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 4, minLength + 4);
      return fc.array(validValue(schema.items ?? {}, { ...ctx }), { minLength, maxLength });
    }
    case 'string':
      return validString(schema, ctx);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Math.max(min, 0) + 1000);
      const int = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      return types[0] === 'integer' ? int : fc.oneof(int, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validObject(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(properties)) {
    const value = validValue(prop, { ...ctx, name });
    // An optional property is left out two times in three: each one may bring a refusal of its own
    // (an unknown id, a rule between fields), and a body with all of them would rarely get through.
    model[name] = required.has(name) ? value : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
  }
  return fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

function validString(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<string> {
  if (isUuid(schema)) return ctx.ids(ctx.name);
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 10_000;
  if (schema.pattern) {
    const extra = ctx.name ? ctx.examples?.[ctx.name]?.valid.filter((v) => regex(schema.pattern!).test(v)) ?? [] : [];
    const known = knownPattern(schema.pattern) ?? (extra.length ? fc.oneof(fc.constantFrom(...extra), fc.stringMatching(regex(schema.pattern))) : null);
    const matching = known ?? fc.stringMatching(regex(schema.pattern));
    return matching.filter((s) => s.length >= minLength && s.length <= maxLength);
  }
  const named = ctx.name ? ctx.examples?.[ctx.name] ?? NAMED_EXAMPLES[ctx.name] : undefined;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: Math.max(minLength, 1), maxLength: Math.min(maxLength, 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 20) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, 20) }) },
  );
  if (schema.format === 'email') return fc.constantFrom('jan@voorbeeld.nl', 'a.b-c@sub.voorbeeld.nl');
  if (named) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...named.valid.filter(fits)) }, { weight: 1, arbitrary: text.filter(fits) });
  return text.filter(fits);
}

/** The edges of the schema: exactly at the limits, and one step beyond (conforming or not). */
export function boundaryValue(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<unknown> {
  const variants = variantsOf(schema);
  if (variants) return fc.oneof(...variants.map((v) => boundaryValue(v, ctx)));
  const types = typesOf(schema);
  const type = types.find((t) => t !== 'null');
  const out: unknown[] = [];
  if (type === 'string') {
    const fill = (n: number) => 'a'.repeat(Math.max(0, n));
    if (schema.minLength !== undefined) out.push(fill(schema.minLength), fill(schema.minLength - 1));
    // Code points, not UTF-16 units, count: an emoji is one character (and two units).
    if (schema.maxLength !== undefined) out.push(fill(schema.maxLength), fill(schema.maxLength + 1), '€'.repeat(schema.maxLength), '😀'.repeat(schema.maxLength), '😀'.repeat(schema.maxLength + 1));
    if (schema.enum) out.push(...schema.enum.map((v) => String(v).toUpperCase()), ...schema.enum.map((v) => ` ${String(v)}`));
    if (isUuid(schema)) out.push('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-4000-8000-00000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF');
    if (schema.pattern) out.push(...invalidForPattern(schema.pattern));
  } else if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) out.push(schema.minimum, schema.minimum - 1, schema.minimum - 0.5);
    if (schema.maximum !== undefined) out.push(schema.maximum, schema.maximum + 1, schema.maximum + 0.5);
    out.push(0, -1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e308, -0);
  } else if (type === 'array') {
    const item = schema.items ?? {};
    const n = (k: number) => validValue(item, ctx).chain((v) => fc.constant(Array.from({ length: Math.max(0, k) }, () => v)));
    const arbs: fc.Arbitrary<unknown>[] = [];
    if (schema.minItems !== undefined) arbs.push(n(schema.minItems), n(schema.minItems - 1));
    if (schema.maxItems !== undefined) arbs.push(n(schema.maxItems), n(schema.maxItems + 1));
    arbs.push(fc.constant([]), n(10_000));
    return fc.oneof(...arbs);
  } else if (type === 'object') {
    return fc.oneof(fc.constant({}), validObject(schema, ctx));
  }
  if (types.includes('null')) out.push(null);
  if (out.length === 0) return validValue(schema, ctx);
  return fc.constantFrom(...out);
}

/** Depth-`n` nesting as JSON text (built iteratively: JSON.stringify of such a value would recurse). */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A wrong-typed or hostile value for a place with this schema. */
export function hostileValue(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const wrongTypes: unknown[] = [
    12345, -1, 1.5, 0, true, false, null, [], [1, 'a'], {}, { nested: { deeper: ['x'] } }, 'tekst', '', 1e308, undefined,
  ].filter((v) => !matchesType(types, v));
  const pattern = schema.pattern ? invalidForPattern(schema.pattern) : [];
  const named = ctx.name ? (ctx.examples?.[ctx.name] ?? NAMED_EXAMPLES[ctx.name])?.invalid ?? [] : [];
  return fc.oneof(
    { weight: 3, arbitrary: wrongTypes.length ? fc.constantFrom(...wrongTypes) : fc.constant(undefined) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...pattern, ...named, ...INVALID_DATES.slice(0, 3), ...INVALID_PHONES.slice(0, 3)) },
    { weight: 1, arbitrary: fc.constantFrom(LONG_STRING, 'x'.repeat((schema.maxLength ?? 200) + 1)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')) },
  );
}

function matchesType(types: JsonType[], value: unknown): boolean {
  if (types.length === 0) return true;
  return types.some((t) => typeMatches(t, value));
}

function typeMatches(type: JsonType, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
  }
}

/**
 * Where a JSON value breaks the schema: dotted paths (as the API's field errors name them;
 * '' for the whole value); empty when it conforms. Lengths count code points, as zod 4 does.
 */
export function violations(schema: JsonSchema, value: unknown, path = ''): string[] {
  const variants = variantsOf(schema);
  if (variants) {
    if (variants.some((v) => violations(v, value, path).length === 0)) return [];
    // The union as a whole, and whatever the closest variant names (zod reports either).
    return [path, ...variants.flatMap((v) => violations(v, value, path))];
  }
  if (schema.const !== undefined && value !== schema.const) return [path];
  if (schema.enum && !schema.enum.includes(value as never)) return [path];
  const types = typesOf(schema);
  if (!matchesType(types, value)) return [path];
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return [path];
    if (schema.maxLength !== undefined && length > schema.maxLength) return [path];
    if (schema.pattern && !regex(schema.pattern).test(value)) return [path];
    return [];
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return [path];
    if (schema.maximum !== undefined && value > schema.maximum) return [path];
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return [path];
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return [path];
    return [];
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return [path];
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return [path];
    return value.flatMap((item, i) => violations(schema.items ?? {}, item, join(i)));
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const out: string[] = [];
    for (const name of schema.required ?? []) if (object[name] === undefined) out.push(join(name));
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      if (object[name] !== undefined) out.push(...violations(prop, object[name], join(name)));
    }
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(object)) if (!(name in (schema.properties ?? {}))) out.push(join(name));
    }
    return out;
  }
  return [];
}

/** Places in a body schema to put a hostile value: property paths, array items as index 0 (depth ≤ 3). */
export function schemaLocations(schema: JsonSchema, prefix: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: JsonSchema }[] {
  const object = (variantsOf(schema) ?? [schema]).find((v) => v.properties) ?? schema;
  const out: { path: (string | number)[]; schema: JsonSchema }[] = [];
  for (const [name, prop] of Object.entries(object.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema: prop });
    if (depth >= 2) continue;
    const item = typesOf(prop).includes('array') ? prop.items : undefined;
    if (item) {
      out.push({ path: [...path, 0], schema: item });
      out.push(...schemaLocations(item, [...path, 0], depth + 1));
    } else if (prop.properties || variantsOf(prop)) {
      out.push(...schemaLocations(prop, path, depth + 1));
    }
  }
  return out;
}

/** A copy of `body` with `value` at `path`, creating the containers on the way (undefined removes it). */
export function withValueAt(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === 'number') {
    const array = Array.isArray(body) ? [...body] : [];
    array[head] = withValueAt(array[head], rest, value);
    return array;
  }
  const object = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  const next = withValueAt(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}
