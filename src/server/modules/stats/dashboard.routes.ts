import { z } from 'zod';
import { dashboardExportQuery, dashboardQuery, dashboardView, signalRowsExportQuery } from '../../../shared/api/dashboard.js';
import { actorOf } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { DashboardService } from './dashboard.service.js';

/** The download: CSV (text/csv) or XLSX, as an attachment. */
const download = z.string().meta({ description: 'The figures as a file (text/csv or XLSX), Content-Disposition: attachment' });

export function dashboardRoutes(app: App, dashboard: DashboardService): void {
  const tags = ['stats'];

  app.get('/api/stats/dashboard', {
    schema: {
      tags,
      summary: 'Monitoring dashboard: exact for the coordinator; for the analyst one calendar year, small counts suppressed (audited)',
      querystring: dashboardQuery,
      response: { 200: dashboardView, ...errors },
    },
  }, async (request) => dashboard.dashboard(actorOf(request), request.query));

  app.get('/api/stats/dashboard/export', {
    schema: {
      tags,
      summary: 'The aggregated figures as CSV or XLSX, always with small counts suppressed (audited)',
      querystring: dashboardExportQuery,
      response: { 200: download, ...errors },
    },
  }, async (request, reply) => sendDownload(reply, await dashboard.exportDashboard(actorOf(request), request.query)));

  app.get('/api/stats/signals/export', {
    schema: {
      tags,
      summary: 'Pseudonymised signal rows as CSV or XLSX: no free text, persons or reporter (coordinator and deputy; audited)',
      querystring: signalRowsExportQuery,
      response: { 200: download, ...errors },
    },
  }, async (request, reply) => sendDownload(reply, await dashboard.exportSignals(actorOf(request), request.query)));
}

