import { createHash } from 'node:crypto';

/**
 * The hash chain over the audit trail (docs/decisions/0004-audit-trail.md).
 *
 * Every entry stores `seq` (its position: 1, 2, 3, …), `prevHash` (the hash of
 * the entry with seq − 1, or GENESIS_HASH for the first) and `hash`, which is
 * SHA-256 (lower-case hex) over the canonical form of the entry below. Changing
 * any stored field of an entry changes its hash; removing an entry leaves a gap
 * in `seq` and a `prevHash` that points at nothing.
 *
 * The canonical form is also computed in SQL by the migration that chained the
 * entries written before the chain existed (migrations/0002_audit_hash_chain.sql):
 * change it only together with a new version tag and a migration.
 */

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version tag, first element of the canonical form. */
export const CHAIN_VERSION = 'meldroute-audit-v1';

/**
 * Advisory lock key (transaction-scoped) that serialises appends across all
 * connections and app instances. Distinct from the migration lock (0x4d52_0001).
 */
export const CHAIN_LOCK_KEY = 0x4d52_0002;

/** PostgreSQL to_char format that yields the same text as Date.prototype.toISOString (UTC, milliseconds). */
export const ISO_TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** The fields of an entry that the hash covers, as stored. `at` is the ISO timestamp (UTC, milliseconds). */
export interface ChainedFields {
  seq: number;
  prevHash: string;
  at: string;
  municipalityId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  result: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, JsonValue | undefined> | null;
}

/** JSON with object keys sorted and no whitespace (the same as JSON.stringify otherwise). */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The canonical form: a compact JSON array of the version tag and the fields in
 * a fixed order, `details` as canonical JSON. Absent values are `null`.
 */
export function canonicalEntry(e: ChainedFields): string {
  const fields = [
    CHAIN_VERSION,
    e.seq,
    e.prevHash,
    e.at,
    e.municipalityId,
    e.actorId,
    e.actorRole,
    e.action,
    e.objectType,
    e.objectId,
    e.result,
    e.ip,
    e.userAgent,
  ].map((v) => JSON.stringify(v ?? null));
  return `[${fields.join(',')},${canonicalJson(e.details ?? null)}]`;
}

export function entryHash(e: ChainedFields): string {
  return createHash('sha256').update(canonicalEntry(e), 'utf8').digest('hex');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NUL = /\u0000/g;

/**
 * Text exactly as PostgreSQL will store it, so that the hash computed before the
 * insert matches the one recomputed from the stored row: lone surrogates become
 * U+FFFD (as UTF-8 encoding does) and NUL, which a text column refuses, is dropped.
 */
export function storable(value: string): string;
export function storable(value: string | null): string | null;
export function storable(value: string | null): string | null {
  return value === null ? null : value.replace(LONE_SURROGATE, '\uFFFD').replace(NUL, '');
}

/** A stored entry as verify reads it. */
export interface StoredEntry extends ChainedFields {
  id: number;
  hash: string;
}

export type BrokenLink =
  /** The entry's own fields no longer match its hash: it was altered. */
  | { kind: 'altered'; seq: number; id: number; expectedHash: string; storedHash: string }
  /** The entry does not point at the hash of the entry before it (that one was replaced or re-hashed). */
  | { kind: 'relinked'; seq: number; id: number; expectedPrevHash: string; storedPrevHash: string }
  /** Entries are missing before this one (deleted), or it was inserted out of order. */
  | { kind: 'gap'; seq: number; id: number; expectedSeq: number; expectedPrevHash: string; storedPrevHash: string }
  /** A second entry with a seq that was already used (slipped in past the unique index). */
  | { kind: 'duplicate'; seq: number; id: number }
  /** Rows that are not part of the chain (no seq, or duplicates verify did not reach). */
  | { kind: 'outside_chain'; count: number }
  /** The chain does not contain the anchor an operator recorded earlier. */
  | { kind: 'anchor'; seq: number; expectedHash: string; storedHash: string | null };

export interface VerifyResult {
  ok: boolean;
  /** Entries checked and found intact (before the first broken link). */
  count: number;
  /** The last intact entry: record it externally to detect later truncation or rewriting (`--anchor`). */
  head: { seq: number; hash: string } | null;
  broken: BrokenLink | null;
}

/**
 * Checks entries one by one, in seq order. Feed it pages from the database
 * (`push`), then call `finish`. Stops at the first broken link.
 */
export class ChainVerifier {
  private count = 0;
  private head: { seq: number; hash: string } | null = null;
  private broken: BrokenLink | null = null;
  private anchorSeen = false;
  private last = { seq: 0, id: 0 };

  constructor(private readonly anchor?: { seq: number; hash: string }) {}

  get done(): boolean {
    return this.broken !== null;
  }

  get lastSeq(): number {
    return this.head?.seq ?? 0;
  }

  /** Where the next page starts: after the last entry checked (seq, then id). */
  get cursor(): { seq: number; id: number } {
    return this.last;
  }

  push(entry: StoredEntry): boolean {
    if (this.broken) return false;
    this.last = { seq: entry.seq, id: entry.id };
    const expectedSeq = this.lastSeq + 1;
    const expectedPrevHash = this.head?.hash ?? GENESIS_HASH;
    const { seq, id } = entry;
    if (entry.seq < expectedSeq) {
      this.broken = { kind: 'duplicate', seq, id };
    } else if (entry.seq !== expectedSeq) {
      this.broken = { kind: 'gap', seq, id, expectedSeq, expectedPrevHash, storedPrevHash: entry.prevHash };
    } else if (entry.prevHash !== expectedPrevHash) {
      this.broken = { kind: 'relinked', seq, id, expectedPrevHash, storedPrevHash: entry.prevHash };
    } else {
      const expectedHash = entryHash(entry);
      if (expectedHash !== entry.hash) this.broken = { kind: 'altered', seq, id, expectedHash, storedHash: entry.hash };
    }
    if (!this.broken && this.anchor && seq === this.anchor.seq) {
      this.anchorSeen = true;
      if (entry.hash !== this.anchor.hash) this.broken = { kind: 'anchor', seq, expectedHash: this.anchor.hash, storedHash: entry.hash };
    }
    if (this.broken) return false;
    this.count += 1;
    this.head = { seq, hash: entry.hash };
    return true;
  }

  /** `rowsUpTo`: the number of rows with seq ≤ the last checked seq, or without seq (should equal the count). */
  finish(rowsUpTo: number | null): VerifyResult {
    if (!this.broken && this.anchor && !this.anchorSeen) {
      this.broken = { kind: 'anchor', seq: this.anchor.seq, expectedHash: this.anchor.hash, storedHash: null };
    }
    if (!this.broken && rowsUpTo !== null && rowsUpTo !== this.count) {
      this.broken = { kind: 'outside_chain', count: rowsUpTo - this.count };
    }
    return { ok: this.broken === null, count: this.count, head: this.head, broken: this.broken };
  }
}

/** One line for an operator: what is broken and where. */
export function describeBrokenLink(b: BrokenLink): string {
  switch (b.kind) {
    case 'altered':
      return `entry seq ${b.seq} (id ${b.id}) was altered: expected hash ${b.expectedHash}, stored hash ${b.storedHash}`;
    case 'relinked':
      return `entry seq ${b.seq} (id ${b.id}) does not link to the entry before it: expected prev_hash ${b.expectedPrevHash}, stored prev_hash ${b.storedPrevHash}`;
    case 'gap':
      return `entry seq ${b.seq} (id ${b.id}) follows a gap: expected seq ${b.expectedSeq} (entries missing), expected prev_hash ${b.expectedPrevHash}, stored prev_hash ${b.storedPrevHash}`;
    case 'duplicate':
      return `entry id ${b.id} repeats seq ${b.seq}, which an earlier entry already has`;
    case 'outside_chain':
      return `${b.count} row(s) are outside the chain (duplicate or missing seq)`;
    case 'anchor':
      return b.storedHash === null
        ? `the anchor seq ${b.seq} is not in the chain any more (entries removed from the end?)`
        : `entry seq ${b.seq} does not match the anchor: expected hash ${b.expectedHash}, stored hash ${b.storedHash}`;
  }
}
