import { z } from 'zod';
import { evaluationConclusionsInput, evaluationConclusionsQuery, evaluationConclusionsView, evaluationReportQuery } from '../../../shared/api/evaluation.js';
import { actorOf } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { EvaluationService } from './evaluation.service.js';

/** The download: the report as PDF or DOCX, as an attachment. */
const download = z.string().meta({ description: 'The evaluation report (application/pdf or DOCX), Content-Disposition: attachment' });

export function evaluationRoutes(app: App, evaluation: EvaluationService): void {
  const tags = ['evaluation'];

  app.get('/api/evaluation/conclusions', {
    schema: {
      tags,
      summary: "The coordinator's conclusions and recommendations for a two-year period (default: the current one), and the periods to choose from",
      querystring: evaluationConclusionsQuery,
      response: { 200: evaluationConclusionsView, ...errors },
    },
  }, async (request) => evaluation.conclusions(actorOf(request), request.query.from));

  app.put('/api/evaluation/conclusions', {
    schema: {
      tags,
      summary: 'Save the conclusions and recommendations of a two-year period (coordinator and deputy; audited with lengths only)',
      body: evaluationConclusionsInput,
      response: { 200: evaluationConclusionsView, ...errors },
    },
  }, async (request) => evaluation.saveConclusions(actorOf(request), request.body));

  app.get('/api/evaluation/report', {
    schema: {
      tags,
      summary: 'The biennial evaluation report for from..from+1 as PDF or DOCX, small counts always suppressed (coordinator and deputy; audited)',
      querystring: evaluationReportQuery,
      response: { 200: download, ...errors },
    },
  }, async (request, reply) => sendDownload(reply, await evaluation.report(actorOf(request), request.query)));
}
