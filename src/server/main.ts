import { buildApp, loggerOptions } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { KeyringError } from './crypto/keyring.js';
import { openVault } from './crypto/open-vault.js';
import type { Vault } from './crypto/vault.js';
import { openDatabase, type Database } from './db/client.js';
import { systemClock } from './lib/clock.js';
import { createRetentionService } from './modules/retention/retention.service.js';
import { createSmtpMailer } from './modules/notifications/mailer.js';
import { createNotificationJobs } from './modules/notifications/notification.jobs.js';
import { refreshStaleMonths } from './modules/stats/month-facts.repo.js';

/** The retention job runs hourly on every instance; the advisory lock lets only one execute at a time. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const RETENTION_FIRST_RUN_MS = 60 * 1000;
/** Issue 6.5: the reminder scan runs every 15 minutes (idempotent), the mail job every half minute; both under an advisory lock. */
const REMINDER_SCAN_INTERVAL_MS = 15 * 60 * 1000;
const MAIL_INTERVAL_MS = 30 * 1000;
/** Issue 5: stale months of the monitoring's pre-aggregate are refreshed every minute (one instance at a time). */
const STATS_REFRESH_INTERVAL_MS = 60 * 1000;

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
  let closing = false;
  try {
    const { demoCredentials } = await bootstrap(database, config, systemClock, vault);
    const app = await buildApp({ config, database, vault, logger: loggerOptions(config.logLevel) });
    const retention = createRetentionService({ database, clock: systemClock, vault });
    let retentionRunning: Promise<unknown> | null = null;
    const runRetention = () => {
      if (closing || retentionRunning) return;
      retentionRunning = retention
        .runRetention()
        .then((r) => {
          if (r.ran && r.anonymised) app.log.info({ anonymised: r.anonymised }, 'retention: personal data removed');
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'retention job failed'))
        .finally(() => {
          retentionRunning = null;
        });
    };
    const retentionFirst = setTimeout(runRetention, RETENTION_FIRST_RUN_MS);
    retentionFirst.unref();
    const retentionTimer = setInterval(runRetention, RETENTION_INTERVAL_MS);
    retentionTimer.unref();

    // Issue 6.5: reminders and the e-mail outbox. Without MELDROUTE_SMTP_URL the mail job marks e-mails 'failed'
    // ("e-mail is off") instead of sending: notifications stay in the app only.
    const mailer = config.mail ? createSmtpMailer(config.mail, { production: config.env === 'production' }) : null;
    const notificationJobs = createNotificationJobs({ database, clock: systemClock, vault, mailer, publicUrl: config.publicUrl });
    const running = new Set<Promise<unknown>>();
    const runJob = (name: string, job: () => Promise<unknown>) => {
      let current: Promise<unknown> | null = null;
      return () => {
        if (closing || current) return;
        current = job()
          .catch((error: unknown) => app.log.error({ err: error }, `${name} failed`))
          .finally(() => {
            running.delete(current!);
            current = null;
          });
        running.add(current);
      };
    };
    const runScan = runJob('reminder scan', async () => {
      const r = await notificationJobs.runReminderScan();
      if (r.feedbackOverdue + r.reporterToInform + r.actionDue > 0) app.log.info({ ...r }, 'reminders: notifications created');
    });
    const runMail = runJob('mail job', async () => {
      const r = await notificationJobs.runMailJob();
      if (r.sent + r.failed + r.retrying > 0) app.log.info({ sent: r.sent, failed: r.failed, retrying: r.retrying }, 'mail job: e-mails attempted');
    });
    // Issue 5: months of the monitoring's pre-aggregate that a change made stale are recomputed in the background.
    const runStatsRefresh = runJob('stats refresh', () => refreshStaleMonths(database));
    const statsTimer = setInterval(runStatsRefresh, STATS_REFRESH_INTERVAL_MS);
    statsTimer.unref();
    const scanFirst = setTimeout(runScan, RETENTION_FIRST_RUN_MS);
    scanFirst.unref();
    const scanTimer = setInterval(runScan, REMINDER_SCAN_INTERVAL_MS);
    scanTimer.unref();
    const mailTimer = setInterval(runMail, MAIL_INTERVAL_MS);
    mailTimer.unref();

    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      clearTimeout(retentionFirst);
      clearInterval(retentionTimer);
      clearTimeout(scanFirst);
      clearInterval(scanTimer);
      clearInterval(mailTimer);
      clearInterval(statsTimer);
      try {
        await app.close(); // stop accepting, drain in-flight requests
        await retentionRunning;
        await Promise.allSettled([...running]);
        mailer?.close();
      } finally {
        await database.close();
        process.exit(0);
      }
    };
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
