import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { generateKeyring, toDocument } from './crypto/keyring.js';
import { openDatabase, type Database, type Db } from './db/client.js';
import { shippedMigrations } from './db/migrate.js';
import * as schema from './db/schema/index.js';
import { verifyAuditChain } from './modules/audit/audit.service.js';
import { metricSample } from './modules/metrics/metrics.testing.js';
import { createSmtpMailer, type Mailer } from './modules/notifications/mailer.js';
import { createNotificationJobs } from './modules/notifications/notification.jobs.js';
import { createRetentionService } from './modules/retention/retention.service.js';
import { readMunicipalityConfig } from './modules/seed/seed.js';
import { refreshStaleMonths } from './modules/stats/month-facts.repo.js';
import { buildSignal } from './testing/factories.js';
import { auditEntries, expectStatus, partnerIds, registeredSignal, submitSignal } from './testing/helpers.js';
import { createTestContext, type Client, type TestContext } from './testing/test-app.js';
import { createScratchDatabase, queryRows } from './testing/test-database.js';

/**
 * Issue 7.4: several instances on one PostgreSQL database, with nothing in front of them but their ports.
 *
 * Two real server processes (`node --import tsx src/server/main.ts`) start at the same moment on a fresh database
 * and must both become ready, having migrated and seeded once; a session opened on one serves the other; their mail
 * jobs send each e-mail once. The jobs that first run after a minute or an hour (retention, reminders, the stats
 * refresh) are proved exactly-once one level below: the real job functions on two Database handles (two pools, so
 * two PostgreSQL sessions), run so that they overlap.
 *
 * PostgreSQL only: PGlite is one process owning its data directory by design (docs/deploy.md#several-instances).
 */
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) console.info('multi-instance.test.ts skipped: it needs PostgreSQL (DATABASE_URL); PGlite is one process by design');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO_PASSWORD = 'multi-instance-wachtwoord';
const METRICS_TOKEN = 'multi-instance-metrics-token-0123456789abcdef';
/** The scheduler's mail interval in main.ts: the first mail run of each process comes this long after its start. */
const MAIL_INTERVAL_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Received {
  to: string[];
  subject: string;
}

/**
 * A local SMTP server (smtp-server) that records each message; `beforeAccepting` may hold the answer to a message's
 * DATA, which keeps the sending job run (and its advisory lock) busy meanwhile.
 */
async function startSmtp(beforeAccepting: () => Promise<void> = async () => undefined) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' });
        void beforeAccepting().then(() => callback());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    received,
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One server process: its output so far and, once it listens, its base URL. */
interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Start `src/server/main.ts` on a port the system picks (PORT=0); its URL is known from the line it prints when listening. */
function startInstance(name: string, env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return { name, url: '', child, output: () => log };
}

async function waitForReady(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) throw new Error(`instance ${instance.name} exited with ${instance.child.exitCode}:\n${instance.output()}`);
    const port = /Meldroute is running at http:\/\/localhost:(\d+)/.exec(instance.output())?.[1];
    if (port) {
      instance.url = `http://127.0.0.1:${port}`;
      if ((await fetch(`${instance.url}/readyz`)).ok) return;
    }
    await sleep(200);
  }
  throw new Error(`instance ${instance.name} not ready within ${timeoutMs / 1000} s:\n${instance.output()}`);
}

async function stopInstance(instance: Instance): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(10_000).then(() => 'late')])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A cookie session over fetch against one instance or another: the cookie and the CSRF token go with every request. */
interface HttpSession {
  cookie: string;
  csrfToken: string;
  userId: string;
}

async function httpLogin(instance: Instance, username: string): Promise<HttpSession> {
  const res = await fetch(`${instance.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('mr_session='));
  const body = (await res.json()) as { status: string; csrfToken: string; user: { id: string } };
  expect(body.status).toBe('ok');
  return { cookie: cookie!, csrfToken: body.csrfToken, userId: body.user.id };
}

function call(instance: Instance, session: HttpSession, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${instance.url}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** An instance's Prometheus text; '' when it cannot be read (never throws: the SMTP server's hold polls it). */
const scrape = (instance: Instance) =>
  fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => (r.ok ? r.text() : ''), () => '');

const mailRuns = (text: string, result: 'success' | 'skipped' | 'failure') => metricSample(text, `meldroute_job_runs_total{job="mail",result="${result}"}`) ?? 0;

describe.skipIf(!serverUrl)('several instances on one PostgreSQL database (issue 7.4; PostgreSQL only — PGlite is one process by design)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataDir: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let database: Database;
  let a: Instance;
  let b: Instance;
  const instances: Instance[] = [];
  const killAll = () => {
    for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
  };
  /** Whether a mail run was skipped on an instance while the other instance's mail run held the lock. */
  let skippedWhileHeld: Promise<boolean> | null = null;
  let startedAt = 0;

  /** Hold the first e-mail until one instance reports a skipped mail run (at most 20 s, below nodemailer's 30 s socket timeout). */
  async function holdUntilSkipped(): Promise<boolean> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const texts = await Promise.all([a, b].map(scrape));
      if (texts.some((t) => mailRuns(t, 'skipped') > 0)) return true;
      await sleep(200);
    }
    return false;
  }

  beforeAll(async () => {
    process.once('exit', killAll);
    scratch = await createScratchDatabase(serverUrl!);
    dataDir = mkdtempSync(path.join(tmpdir(), 'meldroute-multi-'));
    smtp = await startSmtp(() => (skippedWhileHeld ??= holdUntilSkipped()).then(() => undefined));
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      // The same key material on both, as every instance of one installation has.
      MELDROUTE_KEYS: JSON.stringify(toDocument(generateKeyring())),
      MELDROUTE_DATA_DIR: dataDir,
      MELDROUTE_DEMO: 'true',
      MELDROUTE_DEMO_PASSWORD: DEMO_PASSWORD,
      MELDROUTE_SERVE_WEB: 'false',
      MELDROUTE_LOG_LEVEL: 'warn',
      MELDROUTE_LOGIN_RATE_LIMIT: '1000',
      MELDROUTE_METRICS_TOKEN: METRICS_TOKEN,
      MELDROUTE_SMTP_URL: smtp.url,
      MELDROUTE_MAIL_FROM: 'meldroute@lopik.test',
      MELDROUTE_PUBLIC_URL: 'https://meldroute.lopik.test',
    };
    // At the same moment: both reach their migrations together, and one waits for the other's lock.
    startedAt = Date.now();
    a = startInstance('A', env);
    b = startInstance('B', env);
    instances.push(a, b);
    await Promise.all([waitForReady(a), waitForReady(b)]);
    database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(instances.map(stopInstance));
    process.off('exit', killAll);
    await database?.close();
    await smtp?.close();
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(database, query))[0]!.n);

  it('start together and become ready, with every migration applied once, the whole schema, and the seed written once', async () => {
    for (const instance of [a, b]) expect((await fetch(`${instance.url}/readyz`)).status).toBe(200);

    // drizzle's own table: each shipped migration exactly once.
    const applied = await queryRows<{ when: string; n: number }>(
      database,
      sql`select created_at::text as when, count(*)::int as n from drizzle.__drizzle_migrations group by created_at order by created_at`,
    );
    expect(applied.map((r) => Number(r.when))).toEqual(shippedMigrations().map((m) => m.when));
    expect(applied.every((r) => r.n === 1)).toBe(true);

    // The schema is whole: every table of src/server/db/schema exists, and nothing else.
    const expected = Object.values(schema).filter((t) => is(t, PgTable)).map((t) => getTableName(t as PgTable)).sort();
    const tables = await queryRows<{ name: string }>(database, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    expect(tables.map((t) => t.name)).toEqual(expected);

    // Seeded once: one municipality (one seed audit entry), each demo account once, the demo credentials printed by
    // exactly one process, no indicator or context series twice; the audit chain intact.
    const cfg = readMunicipalityConfig(path.join(ROOT, 'config/municipalities/lopik.json'));
    expect(await count(sql`select count(*)::int as n from municipalities`)).toBe(1);
    expect((await auditEntries(database, { action: 'municipality.seed' })).length).toBe(1);
    const users = await queryRows<{ username: string }>(database, sql`select username from users order by 1`);
    expect(users.map((u) => u.username)).toEqual(cfg.demoAccounts.map((d) => d.username).sort());
    expect([a, b].filter((i) => i.output().includes('Demo accounts (shown once')).length).toBe(1);
    expect(await count(sql`select count(*)::int as n from indicators`)).toBeGreaterThan(0);
    expect(await count(sql`select (count(code) - count(distinct code))::int as n from indicators`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from context_series`)).toBe(cfg.contextSeries.length);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  let acuteNumber = '';

  it('serve one session on both: logged in on A, read and write on B (CSRF checked there too); logging out on B ends it on A', async () => {
    const session = await httpLogin(a, 'melder');
    const me = await call(b, session, 'GET', '/api/auth/session');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(session.userId);

    // A state-changing request on B: without the session's CSRF token it is refused, with it the signal lands.
    const signal = buildSignal({ observedOn: new Date().toISOString().slice(0, 10), acuteDanger: true });
    expect((await call(b, { ...session, csrfToken: 'wrong' }, 'POST', '/api/signals', signal)).status).toBe(403);
    const key = randomUUID();
    const created = await call(b, session, 'POST', '/api/signals', signal, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const { id, number } = (await created.json()) as { id: string; number: string };
    acuteNumber = number;
    // A retry that lands on A finds B's submission (signal_submissions, the newest migration): the same signal.
    const retried = await call(a, session, 'POST', '/api/signals', signal, { 'idempotency-key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retried.json()) as { id: string }).id).toBe(id);
    expect(await count(sql`select count(*)::int as n from signal_submissions`)).toBe(1);
    const mine = await call(a, session, 'GET', '/api/my/signals');
    expect(mine.status).toBe(200);
    expect(JSON.stringify(await mine.json())).toContain(id);

    expect((await call(b, session, 'POST', '/api/auth/logout')).status).toBe(204);
    expect((await call(a, session, 'GET', '/api/auth/session')).status).toBe(401);
    expect((await call(a, session, 'GET', '/api/my/signals')).status).toBe(401);
  });

  /**
   * The jobs that first run after a minute (retention, reminders, stats refresh) or more, one level below the processes:
   * the real job functions on two Database handles — two pools, so two PostgreSQL sessions, as two instances have — on
   * their own database (the processes' schedulers keep out of it). Runs while the processes wait for their first mail run.
   */
  describe('scheduled jobs on two instances: each effect once, one run skipped', () => {
    let ctx: TestContext;
    let second: Database;
    let jobSmtp: Awaited<ReturnType<typeof startSmtp>>;
    let mailer: Mailer;
    let handles: [Database, Database];
    const START = '2026-11-28T10:00:00Z';
    const at = (iso: string) => new Date(iso);
    let closedId = '';
    let acute = { id: '', number: '' };

    beforeAll(async () => {
      jobSmtp = await startSmtp();
      ctx = await createTestContext({ now: START });
      const [{ name }] = (await queryRows<{ name: string }>(ctx.database, sql`select current_database() as name`)) as [{ name: string }];
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      second = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 3 });
      handles = [ctx.database, second];
      mailer = createSmtpMailer(loadConfig({ NODE_ENV: 'test', MELDROUTE_SMTP_URL: jobSmtp.url }).mail!, { production: false });

      const [reporter, coordinator] = (await Promise.all([ctx.login('reporter'), ctx.login('coordinator')])) as [Client, Client];
      const partners = await partnerIds(ctx.database, ctx.municipality.id);
      // 1. Closed with "no grounds" today: its personal data goes after 365 days.
      closedId = (await registeredSignal(reporter, coordinator)).id;
      expectStatus(await coordinator.post(`/api/signals/${closedId}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Dank voor uw melding.' }), 204);
      expectStatus(await coordinator.post(`/api/signals/${closedId}/close`, { outcome: 'no_grounds' }), 204);
      // 2. Referred today with feedback due on 1 December: overdue from the 2nd.
      const referred = await registeredSignal(reporter, coordinator);
      expectStatus(
        await coordinator.post(`/api/signals/${referred.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'phone', feedbackDueOn: '2026-12-01' }),
        201,
      );
      // 3. Acute: an e-mail at once to the coordinator and the deputy.
      acute = await submitSignal(reporter, { acuteDanger: true });
    });

    afterAll(async () => {
      mailer?.close();
      await second?.close();
      await ctx?.close();
      await jobSmtp?.close();
    });

    /**
     * Both instances start the same job at the same moment, and whichever gets the advisory lock holds it until the
     * other's run has returned, as a slow run would. The handles' tryWithAdvisoryLock is the real one; only that
     * wait is added. Were the lock broken, both would get it, wait out the 5 s, and both would run.
     */
    function overlapping<R>(run: (database: Database) => Promise<R>): Promise<R[]> {
      const settled = [deferred(), deferred()];
      return Promise.all(
        handles.map((database, i) => {
          const gated: Database = {
            ...database,
            tryWithAdvisoryLock: <T>(key: number, fn: (db: Db) => Promise<T>) =>
              database.tryWithAdvisoryLock(key, async (db) => {
                await Promise.race([settled[1 - i]!.promise, sleep(5_000)]);
                return fn(db);
              }),
          };
          return run(gated).finally(() => settled[i]!.resolve());
        }),
      );
    }

    /** Then eight more runs, four per instance, all at once (no added wait). */
    const manyAtOnce = <R>(run: (database: Database) => Promise<R>) => Promise.all(Array.from({ length: 8 }, (_, i) => run(handles[i % 2]!)));
    const ranOnce = (results: { ran: boolean }[]) => expect(results.map((r) => r.ran).sort()).toEqual([false, true]);

    it('retention: the signal due is anonymised once (one audit entry), the other run reports ran: false', async () => {
      const run = (database: Database) => createRetentionService({ database, clock: ctx.clock, vault: ctx.vault }).runRetention(at('2027-12-01T10:00:00Z'));
      const results = await overlapping(run);
      ranOnce(results);
      expect(results.reduce((n, r) => n + r.anonymised, 0)).toBe(1);
      expect((await manyAtOnce(run)).reduce((n, r) => n + r.anonymised, 0)).toBe(0);
      expect((await auditEntries(ctx.database, { action: 'signal.retention_anonymise' })).map((e) => e.objectId)).toEqual([closedId]);
    });

    it('reminder scan: one overdue-feedback reminder per manager, not two; the other run reports ran: false', async () => {
      const run = (database: Database) =>
        createNotificationJobs({ database, clock: ctx.clock, vault: ctx.vault, mailer: null, publicUrl: 'http://localhost' }).runReminderScan(at('2026-12-02T06:00:00Z'));
      const results = await overlapping(run);
      ranOnce(results);
      // Coordinator and deputy: the overdue feedback, and the reporter still to be informed of the referred signal.
      expect(results.find((r) => r.ran)).toMatchObject({ feedbackOverdue: 2, reporterToInform: 2, actionDue: 0 });
      expect((await manyAtOnce(run)).every((r) => r.feedbackOverdue + r.reporterToInform + r.actionDue === 0)).toBe(true);
      const kinds = await queryRows<{ kind: string; n: number }>(
        ctx.database,
        sql`select kind, count(*)::int as n from notifications where kind in ('feedback_overdue', 'reporter_to_inform') group by kind order by kind`,
      );
      expect(kinds).toEqual([{ kind: 'feedback_overdue', n: 2 }, { kind: 'reporter_to_inform', n: 2 }]);
    });

    it('mail job: each due e-mail reaches the SMTP server once; the other run reports ran: false', async () => {
      const run = (database: Database) =>
        createNotificationJobs({ database, clock: ctx.clock, vault: ctx.vault, mailer, publicUrl: 'http://localhost' }).runMailJob(at('2026-11-28T10:01:00Z'));
      const results = await overlapping(run);
      ranOnce(results);
      expect(results.find((r) => r.ran)).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
      expect((await manyAtOnce(run)).reduce((n, r) => n + r.sent + r.failed + r.retrying, 0)).toBe(0);
      expect(jobSmtp.received.map((m) => m.to).flat().sort()).toEqual(['coen.coordinator@lopik.test', 'dirk.deputy@lopik.test']);
      expect(jobSmtp.received.every((m) => m.subject.includes(acute.number))).toBe(true);
      const sent = await queryRows<{ attempts: number }>(ctx.database, sql`select attempts from email_outbox where status = 'sent'`);
      expect(sent).toEqual([{ attempts: 1 }, { attempts: 1 }]);
    });

    it('stats refresh: each stale month recomputed by one run; the other run reports ran: false', async () => {
      const stale = sql`select count(*)::int as n from stats_months where computed_version is null or computed_version <> version`;
      const before = Number((await queryRows<{ n: number }>(ctx.database, stale))[0]!.n);
      expect(before).toBeGreaterThan(0);
      const results = await overlapping((database) => refreshStaleMonths(database));
      ranOnce(results);
      expect(results.reduce((n, r) => n + r.refreshed, 0)).toBe(before);
      expect((await manyAtOnce((database) => refreshStaleMonths(database))).reduce((n, r) => n + r.refreshed, 0)).toBe(0);
      expect(Number((await queryRows<{ n: number }>(ctx.database, stale))[0]!.n)).toBe(0);
    });
  });

  it("send each e-mail once from the processes' own mail jobs: one instance sends while the other's run is skipped", async () => {
    // Each process runs its mail job MAIL_INTERVAL_MS after its start. The SMTP server holds the first e-mail (and with
    // it the sender's lock) until the other instance reports a skipped run. Then everything due must be sent, once.
    const due = sql`select count(*)::int as n from email_outbox where status = 'pending' and next_attempt_at <= now()`;
    const deadline = startedAt + MAIL_INTERVAL_MS + 40_000;
    while ((smtp.received.length === 0 || (await count(due)) > 0) && Date.now() < deadline) await sleep(250);
    expect(await skippedWhileHeld).toBe(true);
    expect(await count(due)).toBe(0);

    const sent = await queryRows<{ attempts: number }>(database, sql`select attempts from email_outbox where status = 'sent'`);
    expect(sent.length).toBeGreaterThanOrEqual(4); // the demo's acute signal and ours, each to the coordinator and the deputy
    expect(sent.every((r) => r.attempts === 1)).toBe(true);
    expect(smtp.received.length).toBe(sent.length);
    const messages = smtp.received.map((m) => `${m.to.join(',')} ${m.subject}`);
    expect(new Set(messages).size).toBe(messages.length);
    expect(smtp.received.filter((m) => m.subject.includes(acuteNumber)).map((m) => m.to).flat().sort()).toEqual(['j.vandam@lopik.example', 'n.visser@lopik.example']);

    const [ma, mb] = await Promise.all([scrape(a), scrape(b)]);
    expect(mailRuns(ma, 'skipped') + mailRuns(mb, 'skipped')).toBeGreaterThanOrEqual(1);
    expect(mailRuns(ma, 'success') + mailRuns(mb, 'success')).toBeGreaterThanOrEqual(1);
    expect(mailRuns(ma, 'failure') + mailRuns(mb, 'failure')).toBe(0);
    // Neither process logged an error (pino level 50) in all of this.
    for (const instance of [a, b]) expect(instance.output()).not.toContain('"level":50');
  }, 90_000);
});
