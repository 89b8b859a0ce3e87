import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { ROLES, type Role } from '../../../shared/domain.js';
import { LIMITS } from '../../../shared/limits.js';
import { controlCharPaths } from '../../http/errors.js';
import { queryRows } from '../test-database.js';
import { changedKeys, createFingerprinter, WRITE_COUNTER, type Fingerprinter } from './db-fingerprint.js';
import { VICTIM, type FuzzWorld } from './fuzz-world.js';
import { ENGLISH, fieldErrorProblems } from '../helpers.js';
import {
  boundaryValue,
  deeplyNested,
  HOSTILE_STRINGS,
  hostileValue,
  HUGE_STRING,
  schemaLocations,
  typesOf,
  validValue,
  violations,
  withValueAt,
  type JsonSchema,
  type ValueContext,
} from './schema-arbitrary.js';

/**
 * The property-based API fuzzer (issue 7.1). For every operation of the OpenAPI document
 * and every role (plus an anonymous caller) it generates requests with fast-check: valid
 * bodies, queries and path parameters derived from the request schemas, boundary values,
 * and hostile input (wrong types, huge and deeply nested documents, unicode edge cases,
 * injection strings, invalid dates, non-uuid ids, random ids and ids of another
 * municipality's objects). Every answer is checked against the properties in `checkResponse`
 * and, for a rejected request, against the database (nothing written). See
 * docs/DEVELOPING.md "API fuzzer" for running it and reproducing a failure.
 */

export type Caller = Role | 'anonymous';
export const CALLERS: readonly Caller[] = [...ROLES, 'anonymous'];

type Param = { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema };
export interface Operation {
  /** `POST /api/signals` */
  key: string;
  method: string;
  path: string;
  params: Param[];
  body?: JsonSchema;
}

type OpenApi = { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      })),
  );
}

/** The kind of object behind a path parameter (fuzz-world.ts id pools). Unlisted: any kind. */
const PATH_ID_KINDS: [RegExp, string][] = [
  [/^\/api\/(my\/)?signals\/\{id\}/, 'signals'],
  [/^\/api\/referrals\//, 'referrals'],
  [/^\/api\/admin\/users\//, 'users'],
  [/^\/api\/admin\/departments\//, 'departments'],
  [/^\/api\/admin\/partners\//, 'partners'],
  [/^\/api\/admin\/routing-rules\//, 'routing_rules'],
  [/^\/api\/admin\/meeting-structures\//, 'meeting_structures'],
  [/^\/api\/admin\/liaisons\//, 'department_liaisons'],
  [/^\/api\/admin\/email-outbox\//, 'email_outbox'],
  [/^\/api\/plan\/activities\//, 'plan_activities'],
  [/^\/api\/training\/sessions\//, 'training_sessions'],
  [/^\/api\/interventions\//, 'interventions'],
  [/^\/api\/stats\/context-series\//, 'context_series'],
  [/^\/api\/indicators\//, 'indicators'],
  [/^\/api\/notifications\//, 'notifications'],
  [/^\/api\/meeting-series\//, 'meeting_series'],
  [/^\/api\/meetings\//, 'meetings'],
  [/^\/api\/meeting-actions\//, 'meeting_actions'],
];

/** The kind of object a uuid in a body names, by property name (and path where the name is ambiguous). */
function bodyIdKind(path: string, name: string | undefined): string | undefined {
  switch (name) {
    case 'onBehalfOfUserId': case 'userId': case 'ownerId': case 'participantUserIds': return 'users';
    case 'indicatorIds': return 'indicators';
    case 'departmentId': return 'departments';
    case 'entityId': case 'candidateId': return 'entities';
    case 'partnerId': case 'partnerIds': return 'partners';
    case 'routingRuleId': return 'routing_rules';
    case 'personIds': case 'sharedPersonIds': return 'signal_persons';
    case 'meetingStructureId': return 'meeting_structures';
    case 'signalId': return 'signals';
    case 'ids': return path.startsWith('/api/indicators') ? 'indicators' : 'meeting_items';
    default: return undefined;
  }
}

/**
 * Where a change to the database by a rejected (4xx) request is by design. Keys are fingerprint
 * keys: a table, or `table.column` (db-fingerprint.ts); `auditOk`: audit actions that such a request
 * records with result 'ok'. Each entry says why.
 */
export const DB_EXCEPTIONS: { operations: RegExp; keys: string[]; auditOk?: string[]; why: string }[] = [
  {
    operations: /^POST \/api\/auth\/(login|login\/totp)$/,
    keys: ['users.failed_logins', 'users.locked_until'],
    auditOk: ['auth.lockout'],
    why: 'a wrong password or code counts towards the account lockout (MELDROUTE_LOGIN_MAX_FAILURES), and the lockout itself is audited: that is the point of the refusal',
  },
  {
    operations: /^POST \/api\/auth\/login\/totp$/,
    keys: ['sessions', 'sessions.attempts'],
    why: 'a wrong second-factor code counts against the pending login, which is deleted after too many attempts (auth.service.ts)',
  },
];
/**
 * What the fingerprint keeps apart (`table.column`, so that DB_EXCEPTIONS and ALWAYS_CHANGING can name
 * exactly those columns), what any request may change, and what is not fingerprinted at all.
 * - sessions.last_seen_at: the session lookup of every request touches the session (at most once a
 *   minute, for the idle timeout), also when the request is then refused.
 * - audit_log: refusals are audited by design (decision 0004); instead of its hash, every entry that a
 *   rejected request writes must record a refusal, never result 'ok' (DB_EXCEPTIONS.auditOk aside).
 */
const FINGERPRINT_COLUMNS = ['sessions.last_seen_at', 'sessions.attempts', 'users.failed_logins', 'users.locked_until'];
const ALWAYS_CHANGING = ['sessions.last_seen_at'];
const NOT_FINGERPRINTED = ['audit_log'];

/**
 * Findings the fuzzer reports but that do not fail the run: each with the reason it is not fixed
 * (yet). Keep this list short and explicit; an entry matches on operation and property.
 */
export const KNOWN_ISSUES: { operation: RegExp; property: string; detail?: RegExp; why: string }[] = [];

/** What the answer must be, decided from the request alone. */
type Expectation =
  | { kind: 'any' }
  /** The request went to another route ('..'): only the checks that hold for every answer. */
  | { kind: 'elsewhere' }
  /** Input the schema refuses: 400 `validation` naming one of these fields. */
  | { kind: 'invalid'; fields: string[] }
  /** A document that cannot be read: one of these statuses (no field to name). */
  | { kind: 'status'; statuses: number[]; why: string };

export interface FuzzRequest {
  caller: Caller;
  operation: string;
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
  label: string;
  expect: Expectation;
  /** A path id of the other municipality's object: never a 2xx. */
  foreignPathId: boolean;
  /** A body id of the other municipality's object: never a 2xx. */
  foreignBodyId: boolean;
}

export interface FuzzFailure {
  operation: string;
  caller: Caller;
  property: string;
  detail: string;
  /** Replay: the same seed, round, operation, caller and run (docs/DEVELOPING.md). */
  seed: number;
  round: number;
  run: number;
  request: { method: string; url: string; label: string; payload?: string };
  response: { status: number; body: string };
  known?: string;
}

export interface FuzzReport {
  seed: number;
  rounds: number;
  runsPerPair: number;
  requests: number;
  durationMs: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, { requests: number; byStatus: Record<string, number> }>;
  /** Unique failures (first example of each operation + property + detail), with how often each occurred. */
  failures: (FuzzFailure & { count: number })[];
  knownIssues: (FuzzFailure & { count: number })[];
  /** Where the time went (ms): answering requests, the database checks, reading the id pools, restoring sessions. */
  timings: { requests: number; databaseChecks: number; pools: number; heal: number; fingerprints: number };
  /** Slowest requests, for information. */
  slowest: { operation: string; label: string; ms: number }[];
  stoppedEarly: boolean;
}

export interface FuzzOptions {
  seed: number;
  rounds: number;
  /** Requests per operation and caller in each round. */
  runsPerPair: number;
  /** Only these operations (keys) / callers. */
  operations?: string[];
  callers?: Caller[];
  /** Replay one request: the round and run of a failure (with its operation and caller). */
  replay?: { round: number; run: number };
  /** Stop after this time (ms since the epoch); the report says so. */
  deadline?: number;
  onProgress?(done: number, report: FuzzReport): void;
  /** Every request and its answer (to print a replayed one). */
  onResponse?(request: FuzzRequest, response: LightMyRequestResponse): void;
}

/**
 * Refusals that come before the input is read, and so name no field: no session, too many login attempts,
 * a blocked session, and a role without the permission (the register import refuses it before the upload
 * is read; elsewhere validation comes first).
 */
const GATE_CODES = new Set(['unauthorized', 'too_many_requests', 'csrf', 'password_change_required', 'totp_enrolment_required', 'forbidden']);
/** Codes of http/errors.ts for a request the database refused (and of Fastify's own refusals of unreadable input). */
const DATABASE_REFUSALS = new Set(['bad_request', 'bad_reference', 'conflict']);
const SESSION_LOST = new Set(['unauthorized', 'password_change_required', 'totp_enrolment_required']);

/** A 32-bit seed per (seed, round, operation, caller): FNV-1a. */
export function pairSeed(seed: number, round: number, operation: string, caller: Caller): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${round}|${operation}|${caller}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

/** A path parameter; `raw` is sent as it is (already percent-encoded), with the statuses it may get. */
type PathValue = { text: string; raw: boolean; foreign: boolean; statuses?: number[] };
type Piece = { path: PathValue[]; query: [string, string][]; body: BodyPiece };
type BodyPiece = { kind: 'none' } | { kind: 'json'; value: unknown; label: string; foreign: boolean } | { kind: 'raw'; payload: string; contentType: string; label: string };

const RAW_PAYLOADS: { payload: string; label: string }[] = [
  { payload: '{', label: 'malformed JSON' },
  { payload: '{"a":', label: 'truncated JSON' },
  { payload: '[1,]', label: 'trailing comma' },
  { payload: "{'a':1}", label: 'single quotes' },
  { payload: '{"a":1}rest', label: 'trailing garbage' },
  { payload: 'nul', label: 'bare word' },
  { payload: '\ufeff{}', label: 'byte order mark' },
  { payload: '{"a":"\\ud800"}', label: 'lone surrogate escape' },
  { payload: '{"a":"\\u0000"}', label: 'NUL escape' },
  { payload: '{"a":1e999}', label: 'number overflow' },
  { payload: '{"__proto__":{"isAdmin":true}}', label: '__proto__ key' },
  { payload: '{"constructor":{"prototype":{"isAdmin":true}}}', label: 'constructor.prototype key' },
  { payload: deeplyNested(10_000, 'array'), label: 'array nested 10 000 deep' },
  { payload: deeplyNested(10_000, 'object'), label: 'object nested 10 000 deep' },
  { payload: `{"explanation":${deeplyNested(10_000, 'object')}}`, label: 'field nested 10 000 deep' },
  { payload: JSON.stringify({ explanation: HUGE_STRING }), label: '1 MiB body' },
  { payload: JSON.stringify(Array.from({ length: 100_000 }, () => 1)), label: 'array of 100 000 numbers' },
];
/** Fastify reads application/json and text/plain (as a string); the rest is 415, except text/csv on the register import. */
const OTHER_CONTENT_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/csv', 'multipart/form-data; boundary=x'];
const CSV_PAYLOADS = ['a,b\n1,2', 'bsn;naam\n123456782;"Jan ""de"" Vries"\n', '"unterminated\n', '=HYPERLINK("x")\n', '\ufeffkolom\n\u0000', ''];
/** Fastify's JSON parser (secure-json-parse) refuses a "__proto__" key anywhere; "constructor" only with a "prototype" in it. */
const PROTOTYPE_KEYS = /"__proto__"\s*:|"constructor"\s*:\s*\{\s*"prototype"\s*:/;
/** Keys that a client might try to set itself (mass assignment). */
const EXTRA_KEYS = ['municipalityId', 'id', 'role', 'reporterId', 'state', 'isAdmin', 'createdAt'];

function isJsonContentType(contentType: string): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType);
}
function isReadContentType(contentType: string): boolean {
  return isJsonContentType(contentType) || /^text\/plain\s*(;|$)/i.test(contentType);
}

/** Percent-encode what would not survive in a URL (lone surrogates become U+FFFD first, as a browser would). */
function encode(value: string): string {
  return encodeURIComponent(wellFormed(value));
}

/** String.prototype.toWellFormed (ES2024): lone surrogates → U+FFFD. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function createFuzzer(world: FuzzWorld, operations: Operation[]) {
  const { ctx } = world;
  let fingerprinter: Fingerprinter;
  let cached: { mark: string; fingerprint: Record<string, string> } | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  function ids(kind: string | undefined, scope: 'own' | 'other', exclude?: Set<string>): string[] {
    const pools = kind ? [world.pools[kind]] : Object.values(world.pools);
    return pools.flatMap((p) => (p ? p[scope] : [])).filter((id) => !exclude?.has(id));
  }

  /** A uuid for a place of `kind`: mostly own objects of the kind, also another municipality's, random, or another kind's. */
  function idArbitrary(kind: string | undefined, exclude?: Set<string>): fc.Arbitrary<{ id: string; foreign: boolean }> {
    const own = ids(kind, 'own', exclude);
    const other = ids(kind, 'other');
    const anyOwn = ids(undefined, 'own', exclude);
    const arbs: fc.WeightedArbitrary<{ id: string; foreign: boolean }>[] = [
      { weight: 1, arbitrary: fc.uuid().map((id) => ({ id, foreign: false })) },
    ];
    if (own.length) arbs.push({ weight: 6, arbitrary: fc.constantFrom(...own).map((id) => ({ id, foreign: false })) });
    if (other.length) arbs.push({ weight: 2, arbitrary: fc.constantFrom(...other).map((id) => ({ id, foreign: true })) });
    if (anyOwn.length) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...anyOwn).map((id) => ({ id, foreign: false })) });
    return fc.oneof(...arbs);
  }

  /** Every id of the other municipality's objects (after the last pool refresh). */
  let foreignIds = new Set<string>();
  let poolsMark: string | undefined;
  /** Log in as the victim account (and lock it out), never as one of the clients; 'password' is every test user's. */
  const examples = {
    username: { valid: [VICTIM.username, 'onbekend.account'], invalid: [] },
    password: { valid: [VICTIM.password], invalid: ['fout'] },
  };
  function valueContext(op: Operation): ValueContext {
    return { ids: (name) => idArbitrary(bodyIdKind(op.path, name)).map(({ id }) => id), examples };
  }

  function pathArbitrary(op: Operation, param: Param): fc.Arbitrary<PathValue> {
    const plain = (arb: fc.Arbitrary<unknown>) => arb.map((v) => ({ text: String(v), raw: false, foreign: false }));
    const hostile = fc.oneof(
      plain(fc.constantFrom('42', 'not-a-uuid', '00000000-0000-4000-8000-000000000000x', "1' or '1'='1", 'x'.repeat(300), ...HOSTILE_STRINGS.filter((s) => s !== ''))),
      // Not valid percent-encoding (400 from the router); '..' addresses another route, whatever it answers.
      fc.constantFrom('%', '%zz', '%ED%A0%80', '%C0%AF').map((text) => ({ text, raw: true, foreign: false, statuses: [400] })),
      fc.constant({ text: '..', raw: true, foreign: false }),
    );
    if (param.schema.format === 'uuid') {
      const kind = param.name === 'itemId' ? 'meeting_items' : PATH_ID_KINDS.find(([re]) => re.test(op.path))?.[1];
      // The admin's user routes never target the fuzzer's own clients (fuzz-world.ts).
      const exclude = kind === 'users' ? world.clientUserIds : undefined;
      return fc.oneof(
        { weight: 8, arbitrary: idArbitrary(kind, exclude).map(({ id, foreign }) => ({ text: id, raw: false, foreign })) },
        { weight: 1, arbitrary: plain(boundaryValue(param.schema, valueContext(op))) },
        { weight: 1, arbitrary: hostile },
      );
    }
    if (param.name === 'token') {
      return fc.oneof(
        { weight: 3, arbitrary: plain(fc.constant(world.calendarToken)) },
        { weight: 2, arbitrary: plain(validValue(param.schema, valueContext(op))) },
        { weight: 1, arbitrary: hostile },
      );
    }
    return fc.oneof(
      { weight: 5, arbitrary: plain(validValue(param.schema, valueContext(op))) },
      { weight: 2, arbitrary: plain(boundaryValue(param.schema, valueContext(op))) },
      { weight: 1, arbitrary: hostile },
    );
  }

  function queryArbitrary(op: Operation): fc.Arbitrary<[string, string][]> {
    const params = op.params.filter((p) => p.in === 'query');
    const text = (v: unknown) => (Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    const one = (p: Param): fc.Arbitrary<[string, string][]> => {
      const value = fc.oneof(
        { weight: 5, arbitrary: validValue(p.schema, { ...valueContext(op), name: p.name }) },
        { weight: 2, arbitrary: boundaryValue(p.schema, valueContext(op)) },
        { weight: 2, arbitrary: hostileValue(p.schema, { ...valueContext(op), name: p.name }) },
      );
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
        { weight: 3, arbitrary: value.filter((v) => v !== undefined).map((v) => [[p.name, text(v)]] as [string, string][]) },
        { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]) => [[p.name, text(a)], [p.name, text(b)]] as [string, string][]) },
      );
    };
    const extra = fc.oneof(
      { weight: 6, arbitrary: fc.constant([] as [string, string][]) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((v) => [['onbekend', v]] as [string, string][]) },
    );
    return fc.tuple(extra, ...params.map(one)).map((parts) => parts.flat());
  }

  function bodyArbitrary(op: Operation): fc.Arbitrary<BodyPiece> {
    const raw = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...RAW_PAYLOADS).map((r) => ({ kind: 'raw' as const, payload: r.payload, contentType: 'application/json', label: r.label })) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...OTHER_CONTENT_TYPES), fc.constantFrom(...CSV_PAYLOADS)).map(([contentType, payload]) => ({
          kind: 'raw' as const,
          payload,
          contentType,
          label: `content type ${contentType}`,
        })),
      },
    );
    if (!op.body) {
      const none = fc.constant({ kind: 'none' as const });
      return op.method === 'GET' ? fc.oneof({ weight: 9, arbitrary: none }, { weight: 1, arbitrary: raw }) : fc.oneof({ weight: 6, arbitrary: none }, { weight: 2, arbitrary: raw });
    }
    const schema = op.body;
    const context = valueContext(op);
    const valid = validValue(schema, context);
    const locations = schemaLocations(schema);
    const json = (label: string) => (value: unknown) => ({ kind: 'json' as const, value, label, foreign: false });
    const arbs: fc.WeightedArbitrary<BodyPiece>[] = [
      { weight: 5, arbitrary: valid.map(json('valid body')) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>([], 'tekst', 7, null, true, 1e308).map(json('not an object')) },
      { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 1 })).map(([v, k, x]) => json(`extra key ${k}`)(withValueAt(v, [k], x))) },
      { weight: 2, arbitrary: raw },
    ];
    if (locations.length) {
      const at = (kind: 'boundary' | 'hostile') =>
        fc
          .tuple(valid, fc.constantFrom(...locations))
          .chain(([v, loc]) => {
            const ctx = { ...context, name: String(loc.path.filter((s) => typeof s === 'string').at(-1)) };
            const value = kind === 'boundary' ? boundaryValue(loc.schema, ctx) : hostileValue(loc.schema, ctx);
            return value.map((x) => json(`${kind} ${loc.path.join('.')}`)(withValueAt(v, loc.path, x)));
          });
      arbs.push({ weight: 3, arbitrary: at('boundary') }, { weight: 4, arbitrary: at('hostile') });
    }
    return fc.oneof(...arbs);
  }

  function requestArbitrary(op: Operation): fc.Arbitrary<Piece> {
    const pathParams = op.params.filter((p) => p.in === 'path');
    return fc.record({
      path: pathParams.length ? fc.tuple(...pathParams.map((p) => pathArbitrary(op, p))) : fc.constant([]),
      query: queryArbitrary(op),
      body: bodyArbitrary(op),
    });
  }

  /** The request and what its answer must be. */
  function assemble(op: Operation, caller: Caller, piece: Piece): FuzzRequest {
    const pathParams = op.params.filter((p) => p.in === 'path');
    const fields: string[] = [];
    const statuses: { statuses: number[]; why: string }[] = [];
    let path = op.path;
    pathParams.forEach((p, i) => {
      const v = piece.path[i]!;
      const text = v.raw ? v.text : encode(v.text);
      path = path.replace(`{${p.name}}`, text);
      // The router refuses a parameter over its maxParamLength (app.ts), and a path that is not a readable URL
      // (a bad percent-encoding) or that is another route ('..'), before any validation.
      if (text.length > 200) statuses.push({ statuses: [414], why: 'a path parameter over maxParamLength' });
      else if (v.raw) {
        if (v.statuses) statuses.push({ statuses: v.statuses, why: 'a malformed path' });
      }
      else fields.push(...violations(p.schema, coerce(p.schema, wellFormed(v.text))).map((f) => `params.${p.name}${f ? `.${f}` : ''}`));
    });
    const queryParams = op.params.filter((p) => p.in === 'query');
    for (const p of queryParams) {
      const values = piece.query.filter(([name]) => name === p.name).map(([, v]) => wellFormed(v));
      if (typesOf(p.schema).includes('array')) continue; // comma lists and repeats are split by the schema itself
      const value = values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
      if (value === undefined) {
        if (p.required) fields.push(`querystring.${p.name}`);
        continue;
      }
      if (violations(p.schema, coerce(p.schema, value)).length) fields.push(`querystring.${p.name}`);
    }
    const query = piece.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    const url = query ? `${path}?${query}` : path;

    let payload: string | undefined;
    let contentType: string | undefined;
    let label = 'no body';
    let foreignBodyId = false;
    const parsesBody = op.method !== 'GET';
    const body = piece.body;
    if (body.kind === 'json') {
      payload = JSON.stringify(body.value);
      contentType = 'application/json';
      label = body.label;
      if (payload !== undefined && Buffer.byteLength(payload) > LIMITS.bodyBytes) statuses.push({ statuses: [413], why: 'over the body limit' });
      // fc.jsonValue makes such keys too.
      if (payload !== undefined && PROTOTYPE_KEYS.test(payload)) statuses.push({ statuses: [400], why: 'prototype poisoning' });
      const sent = payload === undefined ? undefined : JSON.parse(payload);
      if (op.body) fields.push(...violations(op.body, sent));
      // Text with control characters is refused for every field, before validation (http/errors.ts).
      fields.push(...controlCharPaths(sent));
      foreignBodyId = containsAny(sent, foreignIds);
      if (payload === undefined) payload = '';
    } else if (body.kind === 'raw') {
      payload = body.payload;
      contentType = body.contentType;
      label = body.label;
      if (parsesBody) {
        if (Buffer.byteLength(payload) > LIMITS.bodyBytes) statuses.push({ statuses: [413], why: 'over the body limit' });
        else if (!isReadContentType(contentType)) {
          if (!(op.path.includes('/registers/') && contentType === 'text/csv')) statuses.push({ statuses: [415], why: 'not JSON' });
        } else if (!isJsonContentType(contentType)) {
          // Text arrives as one string: the control-character guard reads every body, with a schema or not.
          fields.push(...(op.body ? violations(op.body, payload) : []), ...controlCharPaths(payload));
        } else if (PROTOTYPE_KEYS.test(payload)) statuses.push({ statuses: [400], why: 'prototype poisoning' });
        else {
          const parsed = tryParse(payload);
          if (parsed === NOT_JSON) statuses.push({ statuses: [400], why: 'not parseable' });
          else fields.push(...(op.body ? violations(op.body, parsed.value) : []), ...controlCharPaths(parsed.value));
        }
      }
    }
    // A '..' segment addresses another route (or none): nothing can be expected of the answer but the basics.
    const elsewhere = piece.path.some((v) => v.raw && !v.statuses);
    const expect: Expectation = elsewhere
      ? { kind: 'elsewhere' }
      : statuses.length
      ? { kind: 'status', statuses: statuses.flatMap((x) => x.statuses), why: statuses.map((x) => x.why).join('; ') } : fields.length ? { kind: 'invalid', fields } : { kind: 'any' };
    return {
      caller,
      operation: op.key,
      method: op.method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      ...(contentType ? { contentType } : {}),
      label,
      expect,
      foreignPathId: piece.path.some((p) => p.foreign),
      foreignBodyId,
    };
  }

  async function send(req: FuzzRequest): Promise<LightMyRequestResponse> {
    const client = req.caller === 'anonymous' ? world.anonymous : world.clients[req.caller];
    return client.request({
      method: req.method as 'GET',
      url: req.url,
      ...(req.payload !== undefined ? { payload: req.payload, headers: { 'content-type': req.contentType ?? 'application/json' } } : {}),
    });
  }

  /** The properties every answer must have. */
  async function checkResponse(req: FuzzRequest, res: LightMyRequestResponse, dbBefore: DatabaseState): Promise<{ property: string; detail: string }[]> {
    const problems: { property: string; detail: string }[] = [];
    const status = res.statusCode;
    if (status >= 500) problems.push({ property: 'no 5xx', detail: `${status}` });
    if (status >= 400 && status < 500) {
      let body: { statusCode?: unknown; code?: unknown; message?: unknown; fields?: unknown } | undefined;
      try {
        body = res.json();
      } catch {
        problems.push({ property: '4xx is a JSON error', detail: `not JSON: ${String(res.headers['content-type'])}` });
      }
      if (body) {
        if (body.statusCode !== status || typeof body.code !== 'string' || typeof body.message !== 'string' || !body.message) {
          problems.push({ property: '4xx is a JSON error', detail: 'not {statusCode, code, message}' });
        } else if (!/^[a-z][a-z_]*$/.test(body.code) || ENGLISH.test(body.message)) {
          problems.push({ property: '4xx is a JSON error', detail: `not the app's own code and Dutch message: ${body.code}: ${body.message.slice(0, 100)}` });
        }
        for (const p of fieldErrorProblems(body)) problems.push({ property: 'field errors are well-formed', detail: p });
        const gate = GATE_CODES.has(String(body.code));
        if (!gate && req.expect.kind === 'invalid') {
          const named = Array.isArray(body.fields) ? (body.fields as { path: string }[]).map((f) => f.path) : [];
          if (status !== 400 || body.code !== 'validation') {
            problems.push({ property: 'bad input gets a field-level message', detail: `${status} ${String(body.code)} for invalid ${req.expect.fields.slice(0, 3).join(', ')}` });
          } else if (!named.some((n) => req.expect.kind === 'invalid' && req.expect.fields.some((f) => related(f, n)))) {
            problems.push({ property: 'bad input gets a field-level message', detail: `names ${named.slice(0, 3).join(', ')} instead of ${req.expect.fields.slice(0, 3).join(', ')}` });
          }
        }
        // The database's refusals (http/errors.ts databaseClientError) name no field: the input should have been refused before.
        if (!gate && (req.expect.kind === 'any' || req.expect.kind === 'invalid') && DATABASE_REFUSALS.has(String(body.code))) {
          problems.push({ property: 'bad input gets a field-level message', detail: `${status} ${String(body.code)}: the database refused what validation let through` });
        }
        if (!gate && req.expect.kind === 'status' && !req.expect.statuses.includes(status)) {
          problems.push({ property: 'unreadable input gets its status', detail: `${status} instead of ${req.expect.statuses.join('/')} (${req.expect.why})` });
        }
      }
      problems.push(...(await timed('databaseChecks', () => databaseUnchanged(req, dbBefore))));
    }
    if (status < 400) {
      if (req.expect.kind === 'invalid' || req.expect.kind === 'status') problems.push({ property: 'bad input is refused', detail: `${status} for ${req.expect.kind === 'invalid' ? req.expect.fields.slice(0, 3).join(', ') : req.expect.why}` });
      if (req.foreignPathId) problems.push({ property: "another municipality's object is not found", detail: `${status} for a path id of the other municipality` });
      if (req.foreignBodyId && status < 300) problems.push({ property: "another municipality's object is not accepted", detail: `${status} for a body id of the other municipality` });
    }
    return problems;
  }

  type DatabaseState = { mark: string; fingerprint: Record<string, string>; auditId: number };
  /** The write counter and the last audit entry; the fingerprint is read again only when the counter moved. */
  async function databaseState(): Promise<DatabaseState> {
    const [row] = await queryRows<{ mark: string; audit: string }>(
      ctx.database,
      sql.raw(`select (select n from ${WRITE_COUNTER})::text as mark, (select coalesce(max(id), 0) from audit_log)::text as audit`),
    );
    if (cached?.mark !== row!.mark) {
      cached = { mark: row!.mark, fingerprint: await fingerprinter.take() };
      report.timings.fingerprints++;
    }
    return { ...cached, auditId: Number(row!.audit) };
  }

  async function databaseUnchanged(req: FuzzRequest, before: DatabaseState) {
    const problems: { property: string; detail: string }[] = [];
    const after = await databaseState();
    current = after;
    if (after.auditId === before.auditId && after.mark === before.mark) return problems;
    const exceptions = DB_EXCEPTIONS.filter((e) => e.operations.test(req.operation));
    const allowed = new Set([...ALWAYS_CHANGING, ...exceptions.flatMap((e) => e.keys)]);
    const auditOk = new Set(exceptions.flatMap((e) => e.auditOk ?? []));
    const changed = changedKeys(before.fingerprint, after.fingerprint).filter((k) => !allowed.has(k));
    if (changed.length) problems.push({ property: 'a rejected request writes nothing', detail: `changed ${changed.join(', ')}` });
    const entries = await queryRows<{ action: string; result: string }>(ctx.database, sql`select action, result from audit_log where id > ${before.auditId} order by id`);
    const ok = entries.filter((e) => e.result === 'ok' && !auditOk.has(e.action));
    if (ok.length) problems.push({ property: 'a rejected request writes nothing', detail: `audit entry ${ok.map((e) => e.action).join(', ')} with result ok` });
    return problems;
  }

  const report: FuzzReport = { seed: 0, rounds: 0, runsPerPair: 0, requests: 0, durationMs: 0, byStatus: {}, byOperation: {}, failures: [], knownIssues: [], timings: { requests: 0, databaseChecks: 0, pools: 0, heal: 0, fingerprints: 0 }, slowest: [], stoppedEarly: false };
  const timed = async <T>(what: Exclude<keyof FuzzReport['timings'], 'fingerprints'>, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      report.timings[what] += performance.now() - started;
    }
  };
  const seen = new Map<string, FuzzFailure & { count: number }>();

  function record(failure: FuzzFailure) {
    const key = `${failure.operation}|${failure.property}|${failure.detail.replace(/[0-9a-f-]{36}/g, '<id>')}`;
    const existing = seen.get(key);
    if (existing) {
      existing.count++;
      return;
    }
    const known = KNOWN_ISSUES.find((k) => k.operation.test(failure.operation) && k.property === failure.property && (!k.detail || k.detail.test(failure.detail)));
    const entry = { ...failure, count: 1, ...(known ? { known: known.why } : {}) };
    seen.set(key, entry);
    (known ? report.knownIssues : report.failures).push(entry);
  }

  /** The database state after the last rejected request, while nothing else can have written since. */
  let current: DatabaseState | undefined;

  let onResponse: FuzzOptions['onResponse'];

  async function runOne(op: Operation, caller: Caller, piece: Piece, where: { seed: number; round: number; run: number }) {
    const req = assemble(op, caller, piece);
    const before = current ?? (await timed('databaseChecks', databaseState));
    current = undefined;
    uncaught.length = 0;
    const started = performance.now();
    const res = await send(req);
    const ms = performance.now() - started;
    report.timings.requests += ms;
    onResponse?.(req, res);
    // Let a rejection that the request left behind surface before the checks.
    await new Promise((resolve) => setImmediate(resolve));
    const problems = await checkResponse(req, res, before);
    for (const error of uncaught) problems.push({ property: 'no unhandled rejection or exception', detail: String((error as Error)?.stack ?? error).slice(0, 300) });

    report.requests++;
    const s = String(res.statusCode);
    report.byStatus[s] = (report.byStatus[s] ?? 0) + 1;
    const perOp = (report.byOperation[op.key] ??= { requests: 0, byStatus: {} });
    perOp.requests++;
    perOp.byStatus[s] = (perOp.byStatus[s] ?? 0) + 1;
    if (ms > 500) {
      report.slowest.push({ operation: op.key, label: req.label, ms: Math.round(ms) });
      report.slowest.sort((a, b) => b.ms - a.ms).splice(20);
    }
    for (const p of problems) {
      record({
        operation: op.key,
        caller,
        ...p,
        ...where,
        request: { method: req.method, url: req.url.slice(0, 300), label: req.label, ...(req.payload !== undefined ? { payload: req.payload.slice(0, 500) } : {}) },
        response: { status: res.statusCode, body: res.body.slice(0, 500) },
      });
    }
    // A request that ended or blocked the caller's own session (log out, password, settings): restore it.
    if (caller !== 'anonymous' && res.statusCode >= 400 && SESSION_LOST.has(String(safeCode(res)))) {
      current = undefined;
      await timed('heal', () => world.heal(caller));
    }
  }

  return {
    async run(options: FuzzOptions): Promise<FuzzReport> {
      fingerprinter = await createFingerprinter(ctx.database, { columns: FINGERPRINT_COLUMNS, skipTables: NOT_FINGERPRINTED });
      Object.assign(report, { seed: options.seed, rounds: options.rounds, runsPerPair: options.runsPerPair });
      onResponse = options.onResponse;
      const started = performance.now();
      process.on('unhandledRejection', onUncaught);
      process.on('uncaughtException', onUncaught);
      try {
        const ops = operations.filter((o) => !options.operations || options.operations.includes(o.key));
        const callers = options.callers ?? CALLERS;
        // A replay runs up to its round only (and sends only its own request).
        const rounds = options.replay ? Math.min(options.rounds, options.replay.round + 1) : options.rounds;
        outer: for (let round = 0; round < rounds; round++) {
          for (const op of ops) {
            // The id pools are read again when something was written since (objects the fuzzer created).
            const mark = await fingerprinter.writeMark();
            if (mark !== poolsMark) {
              poolsMark = mark;
              await timed('pools', () => world.refreshPools());
              foreignIds = new Set(Object.values(world.pools).flatMap((p) => p.other));
            }
            for (const caller of callers) {
              if (options.deadline && Date.now() > options.deadline) {
                report.stoppedEarly = true;
                break outer;
              }
              if (options.replay && options.replay.round !== round) continue;
              const seed = pairSeed(options.seed, round, op.key, caller);
              let run = options.replay?.run ?? 0;
              // The property records its findings instead of failing, so that one run finds them all;
              // a failure here is an error of the fuzzer itself (no shrinking: the system has state).
              const out = await fc.check(
                fc.asyncProperty(requestArbitrary(op), async (piece) => {
                  await runOne(op, caller, piece, { seed: options.seed, round, run: run++ });
                }),
                { seed, numRuns: options.runsPerPair, endOnFailure: true, ...(options.replay ? { path: String(options.replay.run), numRuns: 1 } : {}) },
              );
              if (out.failed) throw out.errorInstance ?? new Error(`fuzzer failed on ${op.key} as ${caller}`);
              options.onProgress?.(report.requests, report);
            }
          }
        }
      } finally {
        process.off('unhandledRejection', onUncaught);
        process.off('uncaughtException', onUncaught);
        report.durationMs = Math.round(performance.now() - started);
        for (const key of Object.keys(report.timings) as (keyof FuzzReport['timings'])[]) report.timings[key] = Math.round(report.timings[key]);
      }
      return report;
    },
  };
}

/** Path params and query values arrive as text; numbers are coerced as the zod schemas do (z.coerce). */
function coerce(schema: JsonSchema, value: string | string[]): unknown {
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) return Number(value);
  return value;
}

/** Field paths are related when one is the other or lies inside it (`persons` ~ `persons.0.email`). */
function related(a: string, b: string): boolean {
  return a === b || a === '' || b === '' || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

const NOT_JSON = Symbol('not JSON');
function tryParse(payload: string): { value: unknown } | typeof NOT_JSON {
  try {
    // Fastify's JSON parser (secure-json-parse) skips a byte order mark.
    return { value: JSON.parse(payload.replace(/^\ufeff/, '')) };
  } catch {
    return NOT_JSON;
  }
}

function containsAny(value: unknown, ids: Set<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((v) => containsAny(v, ids));
  if (value && typeof value === 'object') return Object.values(value).some((v) => containsAny(v, ids));
  return false;
}

function safeCode(res: LightMyRequestResponse): unknown {
  try {
    return (res.json() as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}
