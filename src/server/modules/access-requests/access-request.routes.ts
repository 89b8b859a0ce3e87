import { z } from 'zod';
import { accessRequestExportInput, accessRequestSearchInput, accessRequestSearchResult } from '../../../shared/api/access-request.js';
import { actorOf } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { AccessRequestService } from './access-request.service.js';

/** The download: the package as application/json or application/pdf, as an attachment. */
const download = z.string().meta({ description: 'The package as a file (application/json or application/pdf), Content-Disposition: attachment' });

/** Search terms travel in the body only: never in a URL. */
export function accessRequestRoutes(app: App, accessRequests: AccessRequestService): void {
  const tags = ['access-requests'];

  app.post('/api/access-requests/search', {
    schema: {
      tags,
      summary: 'Find the person records of a data subject by name and date of birth, e-mail or phone (coordinator; audited with counts only)',
      body: accessRequestSearchInput,
      response: { 200: accessRequestSearchResult, ...errors },
    },
  }, async (request) => accessRequests.search(actorOf(request), request.body));

  app.post('/api/access-requests/export', {
    schema: {
      tags,
      summary: 'Download what is held about the selected person records, redacted, as JSON or PDF (coordinator; audited)',
      body: accessRequestExportInput,
      response: { 200: download, ...errors },
    },
  }, async (request, reply) => sendDownload(reply, await accessRequests.export(actorOf(request), request.body)));
}
