import { registerImportQuery, registerImportReport, registerKindParams, registerList, REGISTER_IMPORT_BODY_BYTES } from '../../../shared/api/register.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import { VALIDATION_MESSAGES } from '../../../shared/validation.js';
import { fieldError, invalid } from '../../lib/errors.js';
import type { RegisterService } from './register.service.js';

/**
 * Register imports (coordinator and functional management). The CSV extract is the request
 * body as text/csv; only this route reads that content type, with its own larger size limit.
 */
export function registerRoutes(app: App, registers: RegisterService): void {
  const tags = ['registers'];

  app.get('/api/admin/registers', {
    schema: {
      tags,
      summary: 'The municipal registers: every kind with its number of records and last import (coordinator, admin)',
      response: { 200: registerList, ...errors },
    },
  }, async (request) => registers.list(actorOf(request)));

  // An encapsulated scope: the text/csv parser and the size limit apply to the import route alone.
  // (The scope is named `app` like the parent, so the OpenAPI test finds the route in the source.)
  void app.register(async (app: App) => {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: REGISTER_IMPORT_BODY_BYTES }, (_request, payload, done) => done(null, payload));

    app.post('/api/admin/registers/:kind/import', {
      bodyLimit: REGISTER_IMPORT_BODY_BYTES,
      // Refused before the upload is read: a role without the permission never gets 50 MB parsed.
      onRequest: async (request) => registers.assertCanImport(actorOf(request)),
      schema: {
        tags,
        summary: 'Import a register extract (CSV, text/csv, at most 50 MB): a dry run by default; audited with counts only',
        params: registerKindParams,
        querystring: registerImportQuery,
        response: { 200: registerImportReport, ...errors },
      },
    }, async (request) => {
      const csv: unknown = request.body;
      if (typeof csv !== 'string') {
        throw invalid([fieldError('', 'v.invalid', VALIDATION_MESSAGES.nl['v.invalid'])], 'Stuur het CSV-bestand als text/csv (Content-Type: text/csv).');
      }
      const { mode, acceptValid, replace } = request.query;
      return registers.importCsv(actorOf(request), request.params.kind, csv, {
        dryRun: mode !== 'apply',
        acceptValid: acceptValid === 'true',
        replace: replace === 'true',
      });
    });
  });
}
