import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { recordCipher } from '../../crypto/vault.js';
import { emailOutbox, meetingActions, meetingItems, meetings, meetingSeries, notifications, users } from '../../db/schema/index.js';
import { auditEntries, expectStatus, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { createSmtpMailer, type Mailer } from './mailer.js';
import { createNotificationJobs, EMAIL_BACKOFF_MINUTES, MAIL_DISABLED_ERROR, MAX_EMAIL_ATTEMPTS, type NotificationJobs } from './notification.jobs.js';
import { nextDigestAt, notifyUsers } from './notify.js';

/** One message as the SMTP server received it. */
interface Received {
  to: string[];
  raw: string;
  /** Headers and body with quoted-printable soft breaks and escapes undone. */
  text: string;
}

const PUBLIC_URL = 'https://meldroute.lopik.test';
const START = '2026-11-28T10:00:00Z';

/** Undo quoted-printable (soft line breaks, =XX) so that links and numbers can be searched for. */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/**
 * Issue 6.5 end to end: the app's triggers and jobs against a real SMTP server (smtp-server) listening on
 * 127.0.0.1, with nodemailer's SMTP transport — no mock transport.
 */
describe('notifications and e-mail over SMTP', () => {
  let ctx: TestContext;
  let smtp: SMTPServer;
  let received: Received[] = [];
  /** When set, the server answers RCPT TO with this SMTP reply code. */
  let rejectWith: number | null = null;
  let mailer: Mailer;
  let jobs: NotificationJobs;
  let reporter: Client;
  let coordinator: Client;
  let deputy: Client;
  let admin: Client;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (rejectWith === null) return callback();
        // The reply names the address, as many servers do: the outbox must not keep it.
        const error = Object.assign(new Error(`Mailbox <${address.address}> temporarily unavailable`), { responseCode: rejectWith });
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const { port } = smtp.server.address() as AddressInfo;
    const env = { MELDROUTE_SMTP_URL: `smtp://127.0.0.1:${port}`, MELDROUTE_MAIL_FROM: 'meldroute@lopik.test', MELDROUTE_PUBLIC_URL: PUBLIC_URL };
    ctx = await createTestContext({ now: START, env });
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    mailer = createSmtpMailer(config.mail!, { production: false });
    jobs = createNotificationJobs({ database: ctx.database, clock: ctx.clock, vault: ctx.vault, mailer, publicUrl: config.publicUrl });
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
    deputy = await ctx.login('deputy');
    admin = await ctx.login('admin');
  });

  afterAll(async () => {
    mailer.close();
    await ctx.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  beforeEach(() => {
    received = [];
    rejectWith = null;
  });

  const notificationsOf = async (client: Client) =>
    expectStatus(await client.get('/api/notifications'), 200).json() as {
      items: { id: string; kind: string; reference: string; link: string; readAt: string | null }[];
      unread: number;
    };
  const outboxOf = async (client: Client, status?: string) =>
    expectStatus(await client.get(`/api/admin/email-outbox${status ? `?status=${status}` : ''}`), 200).json() as {
      enabled: boolean;
      items: { id: string; kind: string; status: string; attempts: number; lastError: string | null; recipient: { id: string; displayName: string }; nextAttemptAt: string }[];
    };
  const countNotifications = async (kind: string) =>
    (await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from notifications where kind = ${kind}`))[0]!.n;
  const advance = (minutes: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + minutes * 60_000));
  /** Sessions idle out after 30 minutes of test clock: log in again after moving it. */
  async function relogin() {
    [reporter, coordinator, deputy, admin] = await Promise.all([ctx.login('reporter'), ctx.login('coordinator'), ctx.login('deputy'), ctx.login('admin')]);
  }
  async function setTime(at: string | Date) {
    ctx.clock.set(at);
    await relogin();
  }
  /** Send what earlier tests left due (digests), so that a test counts only its own e-mails. */
  async function flush() {
    await jobs.runMailJob();
    received = [];
  }

  it('e-mails an acute signal at once to the coordinator and the deputy: only the number and a link, no personal data', async () => {
    const signal = await submitSignal(reporter, {
      acuteDanger: true,
      place: 'Achterkamer van de nagelsalon',
      explanation: 'Meisje slaapt in de winkel en mag niet naar buiten van haar baas.',
      persons: [{ fullName: 'Karel Uitbuiter', role: 'eigenaar', email: 'karel@uitbuiter.nl', phone: '06 98765432' }],
      organisations: [{ name: 'Nagelstudio Glans BV', kvkNumber: '87654321' }],
      addresses: [{ postcode: '3411 ZZ', houseNumber: 99 }],
    });
    const run = await jobs.runMailJob();
    expect(run).toMatchObject({ ran: true, sent: 2, failed: 0, retrying: 0 });
    expect(received.map((m) => m.to).flat().sort()).toEqual(['coen.coordinator@lopik.test', 'dirk.deputy@lopik.test']);
    for (const mail of received) {
      expect(mail.text).toContain(signal.number);
      expect(mail.text).toContain(`${PUBLIC_URL}/signalen/${signal.id}`);
      expect(mail.text).toMatch(/Subject: Meldroute: ACUUT/);
      for (const secret of [
        'nagelsalon', 'Achterkamer', 'Meisje', 'baas', 'Karel', 'Uitbuiter', 'karel@uitbuiter.nl', '98765432', 'Nagelstudio', 'Glans',
        '87654321', '3411', 'ZZ', 'Rita', 'Reporter', 'rita.reporter', 'Dienstverlening', 'Coen', 'Dirk',
      ]) {
        expect(mail.text, `the e-mail must not contain "${secret}"`).not.toContain(secret);
      }
    }
    for (const client of [coordinator, deputy]) {
      const list = await notificationsOf(client);
      expect(list.items[0]).toMatchObject({ kind: 'signal_acute', reference: signal.number, link: `/signalen/${signal.id}`, readAt: null });
    }
    // The reporter is not told of their own signal; the outbox row is sent and its address encrypted at rest.
    expect((await notificationsOf(reporter)).items).toEqual([]);
    const rows = await ctx.database.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'signal_acute'));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(r.toAddress).not.toContain('@');
      expect(recordCipher(ctx.vault, 'email_outbox', r.id).open('to_address', r.toAddress)).toMatch(/@lopik\.test$/);
    }
    // Nothing is sent twice.
    expect(await jobs.runMailJob()).toMatchObject({ sent: 0 });
  });

  it('notifies a non-acute signal in the app at once and e-mails it in the morning digest, one e-mail for several signals', async () => {
    advance(1);
    const first = await submitSignal(reporter);
    advance(1);
    const second = await submitSignal(reporter, { exploitationForms: ['labour'] });
    const list = await notificationsOf(coordinator);
    expect(list.items.slice(0, 2).map((n) => [n.kind, n.reference])).toEqual([
      ['signal_new', second.number],
      ['signal_new', first.number],
    ]);
    expect(list.unread).toBeGreaterThanOrEqual(2);
    // Not sent before the digest hour (08:00 Amsterdam = 07:00 UTC in winter).
    expect(await jobs.runMailJob()).toMatchObject({ sent: 0 });
    const digestAt = nextDigestAt(ctx.clock.now());
    expect(digestAt.toISOString()).toBe('2026-11-29T07:00:00.000Z');
    await setTime(digestAt);
    expect(await jobs.runMailJob()).toMatchObject({ sent: 2 });
    const toCoordinator = received.find((m) => m.to.includes('coen.coordinator@lopik.test'))!;
    expect(toCoordinator.text).toContain('Subject: Meldroute: 2 nieuwe signalen');
    for (const s of [first, second]) {
      expect(toCoordinator.text).toContain(s.number);
      expect(toCoordinator.text).toContain(`${PUBLIC_URL}/signalen/${s.id}`);
    }
    expect(toCoordinator.text).not.toContain('Publieksbalie');
    expect(toCoordinator.text).not.toContain('Jan van der Berg');
  });

  it('reminds of overdue feedback and of the reporter still to be informed once, and again only as the rules say', async () => {
    await setTime('2026-11-29T09:00:00Z');
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    const signal = await registeredSignal(reporter, coordinator);
    const referral = expectStatus(
      await coordinator.post(`/api/signals/${signal.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-29', channel: 'phone', feedbackDueOn: '2026-12-01' }),
      201,
    ).json() as { id: string };
    const before = { overdue: await countNotifications('feedback_overdue'), inform: await countNotifications('reporter_to_inform') };

    // The day it is referred: the reporter is still to be informed (coordinator + deputy); feedback is not due yet.
    expect(await jobs.runReminderScan()).toMatchObject({ ran: true, feedbackOverdue: 0, reporterToInform: 2 });
    expect(await jobs.runReminderScan()).toMatchObject({ ran: true, feedbackOverdue: 0, reporterToInform: 0 });
    // The due date itself is not overdue; the day after is — once.
    await setTime('2026-12-01T12:00:00Z');
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 0, reporterToInform: 0 });
    await setTime('2026-12-02T06:00:00Z');
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 2, reporterToInform: 0 });
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 0, reporterToInform: 0 });
    // A week after the referral the reporter reminder repeats; the overdue feedback does not.
    await setTime('2026-12-06T06:00:00Z');
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 0, reporterToInform: 2 });
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 0, reporterToInform: 0 });
    expect(await countNotifications('feedback_overdue')).toBe(before.overdue + 2);
    expect(await countNotifications('reporter_to_inform')).toBe(before.inform + 4);

    const mine = (await notificationsOf(coordinator)).items.filter((n) => n.link === `/signalen/${signal.id}` && n.kind !== 'signal_new');
    expect(mine.map((n) => n.kind).sort()).toEqual(['feedback_overdue', 'reporter_to_inform', 'reporter_to_inform']);
    expect(mine.every((n) => n.reference === signal.number)).toBe(true);
    // The morning digest of that day carries the overdue feedback by number and link only.
    await setTime('2026-12-06T07:00:00Z');
    await jobs.runMailJob();
    const digest = received.find((m) => m.to.includes('coen.coordinator@lopik.test') && m.text.includes('Terugkoppeling van ketenpartner'));
    expect(digest?.text).toContain(signal.number);

    // Once the reporter is informed (dates no later than the real today: the schema refuses future dates) and the feedback recorded, nothing more is reminded.
    expectStatus(await coordinator.post(`/api/signals/${signal.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-29', text: 'Doorgezet.' }), 204);
    expectStatus(await coordinator.post(`/api/referrals/${referral.id}/feedback`, { receivedOn: '2026-11-29', text: 'Opgepakt.' }), 204);
    await setTime('2026-12-20T06:00:00Z');
    expect(await jobs.runReminderScan()).toMatchObject({ feedbackOverdue: 0, reporterToInform: 0 });
  });

  it('reminds the owner of an open action item due today or earlier, once per due date', async () => {
    await setTime('2026-12-10T06:00:00Z');
    const db = ctx.database.db;
    const [series] = await db
      .insert(meetingSeries)
      .values({ municipalityId: ctx.municipality.id, name: 'Mensenhandeloverleg', cadence: 'monthly', firstDate: '2026-12-01', startTime: '10:00', durationMinutes: 60 })
      .returning();
    const [meeting] = await db
      .insert(meetings)
      .values({ municipalityId: ctx.municipality.id, seriesId: series!.id, date: '2026-12-01', startTime: '10:00', durationMinutes: 60, status: 'held' })
      .returning();
    const [item] = await db.insert(meetingItems).values({ meetingId: meeting!.id, position: 1 }).returning();
    const action = (id: string, dueDate: string, ownerId: string, status: 'open' | 'done' = 'open') => ({
      id,
      municipalityId: ctx.municipality.id,
      meetingId: meeting!.id,
      itemId: item!.id,
      description: recordCipher(ctx.vault, 'meeting_actions', id).seal('description', 'Gesprek met Karel Uitbuiter plannen'),
      ownerId,
      dueDate,
      status,
    });
    const due = crypto.randomUUID();
    await db.insert(meetingActions).values([
      action(due, '2026-12-10', ctx.userIds.liaison),
      action(crypto.randomUUID(), '2026-12-11', ctx.userIds.liaison),
      action(crypto.randomUUID(), '2026-12-01', ctx.userIds.liaison, 'done'),
    ]);
    expect(await jobs.runReminderScan()).toMatchObject({ actionDue: 1 });
    expect(await jobs.runReminderScan()).toMatchObject({ actionDue: 0 });
    await setTime('2026-12-11T06:00:00Z');
    expect(await jobs.runReminderScan()).toMatchObject({ actionDue: 1 });
    const liaison = await ctx.login('liaison');
    const list = await notificationsOf(liaison);
    expect(list.items.map((n) => [n.kind, n.reference, n.link])).toEqual([
      ['action_due', '2026-12-11', `/overleggen/${meeting!.id}`],
      ['action_due', '2026-12-10', `/overleggen/${meeting!.id}`],
    ]);
    // A new due date reminds again.
    await db.update(meetingActions).set({ dueDate: '2026-12-11' }).where(eq(meetingActions.id, due));
    expect(await jobs.runReminderScan()).toMatchObject({ actionDue: 1 });
    await setTime('2026-12-11T07:00:00Z');
    await jobs.runMailJob();
    // The digest of 10 December (never sent that day) and the one of the 11th, with both reminders of that day.
    const mails = received.filter((m) => m.to.includes('lisa.liaison@lopik.test')).map((m) => m.text);
    expect(mails).toHaveLength(2);
    expect(mails.some((t) => t.includes('Subject: Meldroute: Actiepunt verloopt (uiterlijk 2026-12-10)'))).toBe(true);
    expect(mails.some((t) => t.includes('Subject: Meldroute: 2 actiepunten verlopen'))).toBe(true);
    for (const t of mails) expect(t).not.toContain('Karel');
  });

  it('retries a rejected e-mail with backoff, shows attempts and the error to the admin without the address, fails it, and an admin retry delivers it', async () => {
    await setTime('2026-12-14T10:00:00Z');
    await flush();
    rejectWith = 451;
    const signal = await submitSignal(reporter, { acuteDanger: true });
    expect(await jobs.runMailJob()).toMatchObject({ sent: 0, retrying: 2 });
    let outbox = (await outboxOf(admin)).items.filter((r) => r.kind === 'signal_acute' && r.status === 'pending');
    expect(outbox).toHaveLength(2);
    for (const r of outbox) {
      expect(r.attempts).toBe(1);
      expect(r.lastError).toContain('451');
      expect(r.lastError).not.toContain('@');
      expect(r.nextAttemptAt).toBe('2026-12-14T10:01:00.000Z');
    }
    const body = (await admin.get('/api/admin/email-outbox')).body;
    expect(body).not.toContain('@lopik.test');
    expect(body).not.toContain(signal.number);
    // Not before the backoff has passed.
    advance(0.5);
    expect(await jobs.runMailJob()).toMatchObject({ retrying: 0, failed: 0 });
    for (let attempt = 2; attempt <= MAX_EMAIL_ATTEMPTS; attempt += 1) {
      advance(EMAIL_BACKOFF_MINUTES[attempt - 2]!);
      const r = await jobs.runMailJob();
      expect(r).toMatchObject(attempt < MAX_EMAIL_ATTEMPTS ? { retrying: 2, failed: 0 } : { retrying: 0, failed: 2 });
    }
    await relogin();
    const failed = (await outboxOf(admin, 'failed')).items.filter((r) => r.kind === 'signal_acute');
    expect(failed).toHaveLength(2);
    expect(failed.every((r) => r.attempts === MAX_EMAIL_ATTEMPTS && r.lastError!.includes('451'))).toBe(true);
    advance(24 * 60);
    expect(await jobs.runMailJob()).toMatchObject({ sent: 0, failed: 0, retrying: 0 });
    expect(received).toEqual([]);
    await relogin();

    // The server is back; the admin queues one again and it is delivered.
    rejectWith = null;
    const target = failed.find((r) => r.recipient.id === ctx.userIds.coordinator)!;
    const retried = expectStatus(await admin.post(`/api/admin/email-outbox/${target.id}/retry`), 200).json();
    expect(retried).toMatchObject({ id: target.id, status: 'pending', attempts: 0 });
    expect(await jobs.runMailJob()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['coen.coordinator@lopik.test']);
    expect(received[0]!.text).toContain(signal.number);
    outbox = (await outboxOf(admin)).items.filter((r) => r.id === target.id);
    expect(outbox[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // A sent e-mail is not queued again; the retry was audited.
    expect(expectStatus(await admin.post(`/api/admin/email-outbox/${target.id}/retry`), 409).json()).toMatchObject({ code: 'email_sent' });
    const audited = await auditEntries(ctx.database, { action: 'email_outbox.retry', objectId: target.id });
    expect(audited.map((a) => a.result)).toEqual(['ok', 'invalid']);
  });

  it('records a server that is down as a connection error, retried like a rejection', async () => {
    await setTime('2026-12-15T10:00:00Z');
    await flush();
    const downJobs = createNotificationJobs({
      database: ctx.database,
      clock: ctx.clock,
      vault: ctx.vault,
      mailer: createSmtpMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'meldroute@lopik.test' }, { production: false }),
      publicUrl: PUBLIC_URL,
    });
    await submitSignal(reporter, { acuteDanger: true });
    expect(await downJobs.runMailJob()).toMatchObject({ sent: 0, retrying: 2 });
    const rows = (await outboxOf(admin, 'pending')).items.filter((r) => r.kind === 'signal_acute' && r.attempts === 1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.lastError).toMatch(/ECONNREFUSED/);
    // The real server delivers them after the backoff.
    advance(1);
    expect(await jobs.runMailJob()).toMatchObject({ sent: 2 });
    await relogin();
  });

  it('without SMTP, marks e-mails failed as "e-mail is off" instead of keeping them to send later', async () => {
    await setTime('2026-12-16T10:00:00Z');
    await flush();
    const offJobs = createNotificationJobs({ database: ctx.database, clock: ctx.clock, vault: ctx.vault, mailer: null, publicUrl: PUBLIC_URL });
    await submitSignal(reporter, { acuteDanger: true });
    expect(await offJobs.runMailJob()).toMatchObject({ sent: 0, failed: 2 });
    const rows = (await outboxOf(admin, 'failed')).items.filter((r) => r.lastError === MAIL_DISABLED_ERROR);
    expect(rows).toHaveLength(2);
    expect(received).toEqual([]);
  });

  it('skips inactive users and e-mails only users with an address; a repeated trigger notifies nobody twice', async () => {
    await setTime('2026-12-17T10:00:00Z');
    await flush();
    const db = ctx.database.db;
    await db.update(users).set({ email: null }).where(eq(users.id, ctx.userIds.deputy));
    await db.update(users).set({ active: false }).where(eq(users.id, ctx.userIds.analyst));
    const input = {
      municipalityId: ctx.municipality.id,
      userIds: [ctx.userIds.coordinator, ctx.userIds.deputy, ctx.userIds.analyst, ctx.userIds.coordinator],
      kind: 'agenda_published' as const,
      reference: '2027-01-05',
      link: '/overleggen/00000000-0000-4000-8000-000000000001',
      dedupeKey: 'agenda_published:test',
      email: 'now' as const,
    };
    const first = await db.transaction((tx) => notifyUsers(tx, ctx.vault, ctx.clock, input));
    expect(first.notified.sort()).toEqual([ctx.userIds.coordinator, ctx.userIds.deputy].sort());
    expect(first.emails).toBe(1);
    expect(await db.transaction((tx) => notifyUsers(tx, ctx.vault, ctx.clock, input))).toEqual({ notified: [], emails: 0 });
    // A rolled-back transaction leaves neither a notification nor an e-mail.
    await expect(
      db.transaction(async (tx) => {
        await notifyUsers(tx, ctx.vault, ctx.clock, { ...input, dedupeKey: 'agenda_published:rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.select().from(notifications).where(eq(notifications.dedupeKey, 'agenda_published:rolled-back'))).toEqual([]);
    expect(await jobs.runMailJob()).toMatchObject({ sent: 1 });
    expect(received[0]!.text).toContain('Subject: Meldroute: Agenda gepubliceerd voor het overleg van 2027-01-05');
    await db.update(users).set({ email: 'dirk.deputy@lopik.test' }).where(eq(users.id, ctx.userIds.deputy));
    await db.update(users).set({ active: true }).where(eq(users.id, ctx.userIds.analyst));
  });

  describe('own notifications only', () => {
    it('lists one\'s own notifications with the unread count and marks them read', async () => {
      const before = await notificationsOf(deputy);
      expect(before.unread).toBeGreaterThan(1);
      const [newest] = before.items;
      expectStatus(await deputy.post(`/api/notifications/${newest!.id}/read`), 204);
      const after = await notificationsOf(deputy);
      expect(after.unread).toBe(before.unread - 1);
      expect(after.items[0]!.readAt).toBe(ctx.clock.now().toISOString());
      // Marking it again keeps the first read time.
      advance(5);
      expectStatus(await deputy.post(`/api/notifications/${newest!.id}/read`), 204);
      expect((await notificationsOf(deputy)).items[0]!.readAt).toBe(after.items[0]!.readAt);
      expect(expectStatus(await deputy.post('/api/notifications/read-all'), 200).json()).toEqual({ marked: after.unread });
      expect((await notificationsOf(deputy)).unread).toBe(0);
    });

    it("answers 404 for another user's notification and changes nothing", async () => {
      const [coordinatorsNewest] = (await notificationsOf(coordinator)).items;
      const res = await deputy.post(`/api/notifications/${coordinatorsNewest!.id}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
      const [row] = await ctx.database.db.select().from(notifications).where(and(eq(notifications.id, coordinatorsNewest!.id)));
      expect(row!.readAt).toBeNull();
      expect((await notificationsOf(reporter)).items.some((n) => n.id === coordinatorsNewest!.id)).toBe(false);
    });

    it('keeps the outbox for the admin: others get 403, another municipality\'s e-mail is a 404', async () => {
      for (const client of [reporter, coordinator, deputy]) {
        expect((await client.get('/api/admin/email-outbox')).statusCode).toBe(403);
      }
      const [row] = (await outboxOf(admin)).items;
      expect((await coordinator.post(`/api/admin/email-outbox/${row!.id}/retry`)).statusCode).toBe(403);
      expect((await admin.post('/api/admin/email-outbox/00000000-0000-4000-8000-000000000000/retry')).statusCode).toBe(404);
      expect((await admin.get('/api/admin/email-outbox?status=bogus')).statusCode).toBe(400);
      expect((await outboxOf(admin)).enabled).toBe(true);
    });
  });
});
