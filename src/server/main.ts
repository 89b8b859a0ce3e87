import { buildApp, loggerOptions } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { KeyringError } from './crypto/keyring.js';
import { openVault } from './crypto/open-vault.js';
import type { Vault } from './crypto/vault.js';
import { openDatabase, type Database } from './db/client.js';
import { systemClock } from './lib/clock.js';
import { createShutdown, startScheduler } from './lifecycle.js';
import { createReadiness } from './modules/health/health.routes.js';
import { createMetrics } from './modules/metrics/metrics.js';
import { createRetentionService } from './modules/retention/retention.service.js';
import { createSmtpMailer } from './modules/notifications/mailer.js';
import { createNotificationJobs } from './modules/notifications/notification.jobs.js';
import { refreshStaleMonths } from './modules/stats/month-facts.repo.js';
import { maintainStatistics } from './db/statistics.js';

/** The retention job runs hourly on every instance; the advisory lock lets only one execute at a time. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Retention and the reminder scan first run a minute after the start. */
const FIRST_RUN_MS = 60 * 1000;
/** Issue 6.5: the reminder scan runs every 15 minutes (idempotent), the mail job every half minute; both under an advisory lock. */
const REMINDER_SCAN_INTERVAL_MS = 15 * 60 * 1000;
const MAIL_INTERVAL_MS = 30 * 1000;
/** Issue 5: stale months of the monitoring's pre-aggregate are refreshed every minute (one instance at a time). */
const STATS_REFRESH_INTERVAL_MS = 60 * 1000;
/** Planner statistics where autovacuum does not run (PGlite; PostgreSQL with autovacuum off): checked every 2 minutes. */
const STATISTICS_INTERVAL_MS = 2 * 60 * 1000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let vault: Vault;
  try {
    const opened = openVault(config.keys);
    vault = opened.vault;
    if (opened.created && config.keys.kind === 'file') {
      console.log(`Created an encryption key file at ${config.keys.path}. Keep a copy somewhere safe: without it the data cannot be read.`);
    }
  } catch (error) {
    if (error instanceof KeyringError) {
      console.error(`Refusing to start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const database: Database = await openDatabase(config.database);
  try {
    const { demoCredentials } = await bootstrap(database, config, systemClock, vault);
    const metrics = createMetrics({ enabled: config.metricsToken !== null, database, clock: systemClock });
    const readiness = createReadiness();
    const app = await buildApp({ config, database, vault, logger: loggerOptions(config.logLevel), metrics, readiness });
    const retention = createRetentionService({ database, clock: systemClock, vault });

    // Issue 6.5: reminders and the e-mail outbox. Without MELDROUTE_SMTP_URL the mail job marks e-mails 'failed'
    // ("e-mail is off") instead of sending: notifications stay in the app only.
    const mailer = config.mail ? createSmtpMailer(config.mail, { production: config.env === 'production' }) : null;
    const notificationJobs = createNotificationJobs({ database, clock: systemClock, vault, mailer, publicUrl: config.publicUrl });
    // Every instance schedules every job; each job takes its own advisory lock, so one instance executes it at a time.
    const scheduler = startScheduler(
      [
        {
          name: 'retention',
          everyMs: RETENTION_INTERVAL_MS,
          firstRunMs: FIRST_RUN_MS,
          run: async () => {
            const r = await retention.runRetention();
            if (r.ran && r.anonymised) app.log.info({ anonymised: r.anonymised }, 'retention: personal data removed');
            return r;
          },
        },
        {
          name: 'reminder_scan',
          everyMs: REMINDER_SCAN_INTERVAL_MS,
          firstRunMs: FIRST_RUN_MS,
          run: async () => {
            const r = await notificationJobs.runReminderScan();
            if (r.feedbackOverdue + r.reporterToInform + r.actionDue > 0) app.log.info({ ...r }, 'reminders: notifications created');
            return r;
          },
        },
        {
          name: 'mail',
          everyMs: MAIL_INTERVAL_MS,
          run: async () => {
            const r = await notificationJobs.runMailJob();
            if (r.sent + r.failed + r.retrying > 0) app.log.info({ sent: r.sent, failed: r.failed, retrying: r.retrying }, 'mail job: e-mails attempted');
            return r;
          },
        },
        // Issue 5: months of the monitoring's pre-aggregate that a change made stale are recomputed in the background.
        { name: 'stats_refresh', everyMs: STATS_REFRESH_INTERVAL_MS, run: () => refreshStaleMonths(database) },
        // Issue 7.3: statistics and vacuum of grown tables where autovacuum does not run (db/statistics.ts).
        {
          name: 'statistics',
          everyMs: STATISTICS_INTERVAL_MS,
          firstRunMs: FIRST_RUN_MS,
          run: async () => {
            const r = await maintainStatistics(database);
            if (r.ran && r.tables.length > 0) app.log.info({ tables: r.tables }, 'statistics: tables vacuumed and analysed');
            return r;
          },
        },
      ],
      { log: app.log, metrics },
    );

    const shutdown = createShutdown({
      app,
      readiness,
      scheduler,
      database,
      drainMs: config.drainSeconds * 1000,
      release: () => mailer?.close(),
      exit: (code) => process.exit(code),
    });
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    const address = await app.listen({ host: config.host, port: config.port });
    const shown = address.replace('127.0.0.1', 'localhost');
    if (demoCredentials.length) {
      // Printed once, to the console only (never to the structured log).
      console.log('\nDemo accounts (shown once; reset with `npm run meldroute -- users reset-password <username>`):');
      for (const c of demoCredentials) console.log(`  ${c.role.padEnd(17)} ${c.username.padEnd(22)} ${c.password}`);
    }
    console.log(`\nMeldroute is running at ${shown} (database: ${database.kind}${config.demo ? ', demo mode' : ''})\n`);
  } catch (error) {
    await database.close();
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

await main();
