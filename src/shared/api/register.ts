import { z } from 'zod';
import { REGISTER_KINDS } from '../domain.js';
import { timestamp } from './fields.js';

/**
 * Importing municipal registers (docs/registers.md): the CSV extract travels as the request body
 * (text/csv), the options in the query string. The answer is a report with counts and the rejected
 * rows (line, column, reason); reasons never repeat a value from the file.
 */
export const registerKind = z.enum(REGISTER_KINDS, { error: 'v.choice' });

export const registerKindParams = z.object({ kind: registerKind });

const flag = z.enum(['true', 'false'], { error: 'v.choice' }).optional();

export const REGISTER_IMPORT_MODES = ['dry-run', 'apply'] as const;

export const registerImportQuery = z.object({
  /** `dry-run` (the default): validate and count what would change, apply nothing. */
  mode: z.enum(REGISTER_IMPORT_MODES, { error: 'v.choice' }).optional(),
  /** Apply the valid rows even when others are rejected. */
  acceptValid: flag,
  /** Remove the register's records that are not in this file. */
  replace: flag,
});
export type RegisterImportQuery = z.infer<typeof registerImportQuery>;

/** How many rejected rows the report lists; `rejectedRows` counts them all. */
export const REJECTED_LIST_LIMIT = 200;

export const rejectedRow = z.object({
  /** Line number in the file (the header is line 1). */
  line: z.number().int(),
  /** The column concerned, or null when it concerns the whole row or file. */
  column: z.string().nullable(),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof rejectedRow>;

export const registerImportReport = z.object({
  kind: registerKind,
  /** Data rows read (the header not counted). */
  rows: z.number().int(),
  valid: z.number().int(),
  /** Rows with at least one problem. */
  rejectedRows: z.number().int(),
  /** The problems, the first REJECTED_LIST_LIMIT of them. */
  rejected: z.array(rejectedRow),
  /** The file itself cannot be read (missing columns, broken quoting): nothing is ever applied. */
  fileError: z.boolean(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int(),
  dryRun: z.boolean(),
  /** Whether the import was written; for a dry run always false (the counts say what it would do). */
  applied: z.boolean(),
  /** The register's number of records after this import (or now, when nothing was applied). */
  rowCount: z.number().int(),
});
export type RegisterImportReport = z.infer<typeof registerImportReport>;

export const registerSummary = z.object({
  kind: registerKind,
  rowCount: z.number().int(),
  importedAt: timestamp.nullable(),
});
export const registerList = z.array(registerSummary);
export type RegisterSummary = z.infer<typeof registerSummary>;

/** Largest CSV body the import route accepts (bytes); larger extracts go through the CLI. */
export const REGISTER_IMPORT_BODY_BYTES = 50 * 1024 * 1024;
