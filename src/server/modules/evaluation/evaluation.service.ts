import type { z } from 'zod';
import type { EvaluationConclusionsView, EvaluationFormat, evaluationConclusionsInput } from '../../../shared/api/evaluation.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, forbidden, invalid } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { listPeriods } from '../policy/policy.repo.js';
import { reportDocument } from './evaluation.content.js';
import { renderEvaluationDocx } from './evaluation.docx.js';
import { renderEvaluationPdf } from './evaluation.pdf.js';
import { findConclusions, listConclusionPeriods, saveConclusions } from './evaluation.repo.js';
import { buildEvaluationReport } from './evaluation.report.js';

export interface EvaluationFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPE: Record<EvaluationFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The evaluation for the two calendar years `fromYear` and `fromYear + 1` as a file, without a
 * permission check or audit (the service does both). Exported for the benchmark:
 * `generateEvaluation({ db, clock }, municipalityId, 2025, 'pdf')`.
 */
export async function generateEvaluation(
  deps: { db: Db; clock: Clock },
  municipalityId: string,
  fromYear: number,
  format: EvaluationFormat,
  options: { compress?: boolean } = {},
): Promise<EvaluationFile> {
  const report = await buildEvaluationReport(deps, municipalityId, fromYear);
  const document = reportDocument(report);
  const body = format === 'pdf' ? await renderEvaluationPdf(document, options) : await renderEvaluationDocx(document);
  return { filename: `evaluatie-mensenhandel-${fromYear}-${fromYear + 1}.${format}`, contentType: CONTENT_TYPE[format], body };
}

/** The PDF alone (for the benchmark and the committed sample). */
export async function generateEvaluationPdf(db: Db, municipalityId: string, fromYear: number, clock: Clock, options: { compress?: boolean } = {}): Promise<Buffer> {
  return (await generateEvaluation({ db, clock }, municipalityId, fromYear, 'pdf', options)).body;
}

/**
 * Issue 5 point 4: the biennial evaluation. The coordinator (and deputy) write conclusions per
 * two-year period and download the report. Every call is audited with the period, format and
 * sizes (never the texts); refusals are audited too.
 */
export function createEvaluationService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function allowed(actor: Actor, action: string, objectId: string | null): Promise<void> {
    if (can(actor, 'evaluation.manage')) return;
    await audit(db, actor, { action, objectType: 'evaluation', objectId, result: 'denied' });
    throw forbidden();
  }

  /** The period containing this year in the plan, else the latest plan period before it, else last year and this year. */
  async function periodsOf(municipalityId: string): Promise<{ current: number; periods: number[] }> {
    const year = Number(clock.today().slice(0, 4));
    const [plan, written] = await Promise.all([listPeriods(db, municipalityId), listConclusionPeriods(db, municipalityId)]);
    const current = plan.find((p) => p <= year && p + 1 >= year) ?? plan.find((p) => p <= year) ?? year - 1;
    const periods = [...new Set([...plan, ...written, current, current - 2])].filter((p) => p <= year).sort((a, b) => b - a);
    return { current, periods };
  }

  function checkPeriod(from: number, path: string): void {
    if (from > Number(clock.today().slice(0, 4))) throw invalid([fieldError(path, 'v.invalid', 'Deze periode ligt in de toekomst.')]);
  }

  async function view(municipalityId: string, periodStart: number): Promise<EvaluationConclusionsView> {
    const [{ periods }, row] = await Promise.all([periodsOf(municipalityId), findConclusions(db, municipalityId, periodStart)]);
    return {
      periodStart,
      periods: [...new Set([...periods, periodStart])].sort((a, b) => b - a),
      conclusions: row?.conclusions ?? null,
      recommendations: row?.recommendations ?? null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }

  return {
    async conclusions(actor: Actor, from?: number): Promise<EvaluationConclusionsView> {
      await allowed(actor, 'evaluation.conclusions_read', from === undefined ? null : String(from));
      const periodStart = from ?? (await periodsOf(actor.municipalityId)).current;
      const result = await view(actor.municipalityId, periodStart);
      await audit(db, actor, { action: 'evaluation.conclusions_read', objectType: 'evaluation', objectId: String(periodStart), result: 'ok' });
      return result;
    },

    async saveConclusions(actor: Actor, input: z.output<typeof evaluationConclusionsInput>): Promise<EvaluationConclusionsView> {
      const objectId = String(input.periodStart);
      await allowed(actor, 'evaluation.conclusions_save', objectId);
      const text = (v: string | null) => (v === null || v.trim() === '' ? null : v);
      const values = { conclusions: text(input.conclusions), recommendations: text(input.recommendations) };
      try {
        checkPeriod(input.periodStart, 'periodStart');
        await db.transaction(async (tx) => {
          await saveConclusions(tx, actor.municipalityId, input.periodStart, values, actor.userId, clock.now());
          await audit(tx, actor, {
            action: 'evaluation.conclusions_save',
            objectType: 'evaluation',
            objectId,
            result: 'ok',
            details: { conclusionsChars: values.conclusions?.length ?? 0, recommendationsChars: values.recommendations?.length ?? 0 },
          });
        });
      } catch (error) {
        if (error instanceof AppError) await audit(db, actor, { action: 'evaluation.conclusions_save', objectType: 'evaluation', objectId, result: 'invalid' });
        throw error;
      }
      return view(actor.municipalityId, input.periodStart);
    },

    /** The report as PDF or DOCX: always protected (it leaves the coordinator). */
    async report(actor: Actor, query: { from: number; format: EvaluationFormat }): Promise<EvaluationFile> {
      const objectId = String(query.from);
      await allowed(actor, 'evaluation.report', objectId);
      try {
        checkPeriod(query.from, 'querystring.from');
      } catch (error) {
        await audit(db, actor, { action: 'evaluation.report', objectType: 'evaluation', objectId, result: 'invalid' });
        throw error;
      }
      const file = await generateEvaluation({ db, clock }, actor.municipalityId, query.from, query.format);
      await audit(db, actor, {
        action: 'evaluation.report',
        objectType: 'evaluation',
        objectId,
        result: 'ok',
        details: { from: query.from, to: query.from + 1, format: query.format, bytes: file.body.length },
      });
      return file;
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
