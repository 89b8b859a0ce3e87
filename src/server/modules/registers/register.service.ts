import type { Readable } from 'node:stream';
import { REJECTED_LIST_LIMIT, type RegisterImportReport, type RegisterSummary, type RejectedRow } from '../../../shared/api/register.js';
import { REGISTER_KINDS, type RegisterKind } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { forbidden } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { canonicalJson, readRegisterCsv, type RegisterRow } from './register-import.js';
import {
  addSeen,
  countAbsent,
  countRegisterRecords,
  createSeenTable,
  deleteAbsent,
  ensureRegister,
  findByExternalKeys,
  findRegister,
  insertRegisterRecords,
  listRegisters,
  markImported,
  analyzeRegisterTables,
  registerHasRecords,
  updateEntitiesInPlace,
  type EntityUpdate,
  type NewRegisterRecord,
} from './register.repo.js';

export interface ImportOptions {
  /** Apply the valid rows even when other rows are rejected. */
  acceptValid?: boolean;
  /** Remove the register's records whose external id is not in the file. */
  replace?: boolean;
  /** Validate and count only; write nothing. */
  dryRun?: boolean;
  /** The municipality, for the CLI (no actor); a user imports into their own. */
  municipalityId?: string;
  /** Rows per batch (lookup, insert, update): tests use small ones. */
  batchSize?: number;
  /** Refresh the planner statistics after an applied import that wrote at least this many rows (tests: small). */
  analyzeAfterRows?: number;
}

/** Rows per batch: 1000 entities per INSERT (10 parameters each), one lookup per batch. */
export const IMPORT_BATCH_ROWS = 1000;

/** An applied import that inserted, updated or removed this many records is followed by an ANALYZE. */
export const ANALYZE_AFTER_ROWS = 10_000;

/** The blind-index purposes of register records (docs/registers.md): the external id, and the content. */
export const EXTERNAL_KEY_PURPOSE = 'register.external';
export const CONTENT_HASH_PURPOSE = 'register.content';

export function externalKeyOf(vault: Vault, municipalityId: string, kind: RegisterKind, externalId: string): string {
  return vault.blindIndex(EXTERNAL_KEY_PURPOSE, `${municipalityId}|${kind}|${externalId}`);
}

export function contentHashOf(vault: Vault, municipalityId: string, kind: RegisterKind, row: RegisterRow): string {
  return vault.blindIndex(CONTENT_HASH_PURPOSE, `${municipalityId}|${kind}|${canonicalJson({ kind: row.entityKind, data: row.data })}`);
}

/** Thrown inside the transaction to roll it back (dry run, or rejected rows without acceptValid). */
class RollBack extends Error {}

/**
 * Importing municipal registers (docs/registers.md). One transaction per import: the file applies
 * completely or not at all. Records are matched to the stored ones by the blind index of their
 * external id; an unchanged content hash leaves a record alone, a changed one updates it in place.
 */
export function createRegisterService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  async function refuse(actor: Actor, action: string): Promise<never> {
    await audit(db, actor, { action, objectType: 'register', result: 'denied' });
    throw forbidden();
  }

  return {
    /** Refuse (audited) a user who may not import, before an upload is read. */
    async assertCanImport(actor: Actor): Promise<void> {
      if (!can(actor, 'register.import')) await refuse(actor, 'register.import');
    },

    /** The registers of the actor's municipality, every kind (never imported: 0 rows, no date). */
    async list(actor: Actor): Promise<RegisterSummary[]> {
      if (!can(actor, 'register.import')) return refuse(actor, 'register.list');
      const rows = new Map((await listRegisters(db, actor.municipalityId)).map((r) => [r.kind, r]));
      return REGISTER_KINDS.map((kind) => {
        const r = rows.get(kind);
        return { kind, rowCount: r?.rowCount ?? 0, importedAt: r?.importedAt?.toISOString() ?? null };
      });
    },

    /**
     * Import a CSV extract. With rejected rows nothing is written unless `acceptValid`; a file error
     * (missing column, broken quoting) is never applied. A dry run reports the same counts and writes nothing.
     */
    async importCsv(actor: Actor | null, kind: RegisterKind, input: Readable | string, options: ImportOptions = {}): Promise<RegisterImportReport> {
      if (actor && !can(actor, 'register.import')) return refuse(actor, 'register.import');
      const municipalityId = actor?.municipalityId ?? options.municipalityId;
      if (!municipalityId) throw new Error('importCsv without an actor needs options.municipalityId');
      const dryRun = options.dryRun ?? false;
      const acceptValid = options.acceptValid ?? false;
      const replace = options.replace ?? false;
      const batchSize = options.batchSize ?? IMPORT_BATCH_ROWS;
      const now = clock.now();

      const report: RegisterImportReport = {
        kind,
        rows: 0,
        valid: 0,
        rejectedRows: 0,
        rejected: [],
        fileError: false,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        removed: 0,
        dryRun,
        applied: false,
        rowCount: 0,
      };
      const reject = (line: number, issues: { column: string | null; reason: string }[]) => {
        for (const issue of issues) {
          if (report.rejected.length < REJECTED_LIST_LIMIT) report.rejected.push({ line, ...issue } satisfies RejectedRow);
        }
      };
      /** What the audit trail records of an import: counts and options, never a value from the file. */
      const auditCounts = () => ({
        kind,
        rows: report.rows,
        valid: report.valid,
        rejected: report.rejectedRows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        removed: report.removed,
        acceptValid,
        replace,
        via: actor ? 'web' : 'cli',
      });
      /** Whether this import will be written: once that is ruled out, batches are only counted. */
      const willApply = () => !dryRun && !report.fileError && (acceptValid || report.rejectedRows === 0);

      /**
       * Whether the register held no record when this import took its lock. Then no row can exist yet (the lock
       * keeps other imports out, and the file's duplicate ids are rejected while reading), so the look-up of
       * existing records is skipped: a first import only inserts.
       */
      let registerWasEmpty = false;

      async function flush(tx: DbOrTx, registerId: string, batch: RegisterRow[], seenOnly: string[]): Promise<void> {
        const prepared = batch.map((row) => ({
          row,
          externalKey: externalKeyOf(vault, municipalityId!, kind, row.externalId),
          contentHash: contentHashOf(vault, municipalityId!, kind, row),
        }));
        const existing = registerWasEmpty ? new Map<string, never>() : await findByExternalKeys(tx, registerId, prepared.map((p) => p.externalKey));
        const inserts: NewRegisterRecord[] = [];
        const updates: EntityUpdate[] = [];
        for (const p of prepared) {
          const found = existing.get(p.externalKey);
          if (!found) {
            inserts.push({ kind: p.row.entityKind, data: p.row.data, externalKey: p.externalKey, contentHash: p.contentHash });
          } else if (found.contentHash === p.contentHash) {
            report.unchanged += 1;
          } else {
            updates.push({ id: found.id, municipalityId: municipalityId!, kind: p.row.entityKind, data: p.row.data, contentHash: p.contentHash });
          }
        }
        report.inserted += inserts.length;
        report.updated += updates.length;
        if (replace) await addSeen(tx, [...prepared.map((p) => p.externalKey), ...seenOnly]);
        if (!willApply()) return;
        await insertRegisterRecords(tx, vault, { municipalityId: municipalityId!, registerId, createdById: actor?.userId ?? null }, inserts);
        await updateEntitiesInPlace(tx, vault, updates, now);
      }

      try {
        await db.transaction(async (tx) => {
          const registerId = await ensureRegister(tx, municipalityId, kind);
          registerWasEmpty = !(await registerHasRecords(tx, registerId));
          if (replace) await createSeenTable(tx);
          let batch: RegisterRow[] = [];
          // External keys of rejected rows whose id was valid: with `replace` they are not removed.
          let seenOnly: string[] = [];
          for await (const result of readRegisterCsv(kind, input)) {
            if (result.type === 'file_error') {
              report.fileError = true;
              reject(result.line, result.issues);
              break;
            }
            report.rows += 1;
            if (result.type === 'rejected') {
              report.rejectedRows += 1;
              reject(result.line, result.issues);
              if (result.externalId !== null) seenOnly.push(externalKeyOf(vault, municipalityId, kind, result.externalId));
              continue;
            }
            report.valid += 1;
            batch.push(result.row);
            if (batch.length >= batchSize) {
              await flush(tx, registerId, batch, seenOnly);
              batch = [];
              seenOnly = [];
            }
          }
          if (report.fileError) throw new RollBack();
          await flush(tx, registerId, batch, seenOnly);
          if (replace) report.removed = willApply() ? await deleteAbsent(tx, registerId) : await countAbsent(tx, registerId);
          if (!willApply()) throw new RollBack();

          report.rowCount = await countRegisterRecords(tx, registerId);
          await markImported(tx, registerId, { rowCount: report.rowCount, importedAt: now, importedById: actor?.userId ?? null });
          report.applied = true;
          // Counts only: never a value from the file.
          await audit(tx, actor, {
            action: 'register.import',
            objectType: 'register',
            objectId: registerId,
            result: 'ok',
            details: auditCounts(),
          });
        });
      } catch (error) {
        if (!(error instanceof RollBack)) throw error;
        report.applied = false;
        const register = await findRegister(db, municipalityId, kind);
        report.rowCount = register?.rowCount ?? 0;
        // A refused file is recorded too (after the rollback), with counts only; a dry run is not.
        if (!dryRun) {
          await audit(db, actor, {
            action: 'register.import',
            objectType: 'register',
            objectId: register?.id ?? null,
            result: 'invalid',
            details: { ...auditCounts(), fileError: report.fileError },
          });
        }
      }
      if (report.applied && report.inserted + report.updated + report.removed >= (options.analyzeAfterRows ?? ANALYZE_AFTER_ROWS)) {
        // Best effort: the import is committed whatever happens here.
        await analyzeRegisterTables(db).catch(() => undefined);
      }
      return report;
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
