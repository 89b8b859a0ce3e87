import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../../shared/api/notifications.js';
import { ConfigError, loadConfig } from '../../config.js';
import { BASE_URL_MARKER, renderEmail, withBaseUrl } from './email.content.js';
import { describeSmtpError } from './mailer.js';
import { nextDigestAt } from './notify.js';

describe('notification config (MELDROUTE_PUBLIC_URL, MELDROUTE_SMTP_URL, MELDROUTE_MAIL_FROM)', () => {
  it('is off without an SMTP URL, with a local public URL outside production', () => {
    const config = loadConfig({ PORT: '4000' });
    expect(config.mail).toBeNull();
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('reads smtp:// and smtps:// URLs and drops a trailing slash of the public URL', () => {
    expect(loadConfig({ MELDROUTE_SMTP_URL: 'smtps://u:p@mail.lopik.nl:465', MELDROUTE_MAIL_FROM: 'meldroute@lopik.nl', MELDROUTE_PUBLIC_URL: 'https://meldroute.lopik.nl/' })).toMatchObject({
      mail: { smtpUrl: 'smtps://u:p@mail.lopik.nl:465', from: 'meldroute@lopik.nl' },
      publicUrl: 'https://meldroute.lopik.nl',
    });
    expect(loadConfig({ MELDROUTE_SMTP_URL: 'smtp://127.0.0.1:2525' }).mail).toEqual({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'meldroute@localhost' });
  });

  it.each([
    [{ MELDROUTE_SMTP_URL: 'http://mail.lopik.nl' }, 'MELDROUTE_SMTP_URL'],
    [{ MELDROUTE_SMTP_URL: 'smtp://mail.lopik.nl', MELDROUTE_MAIL_FROM: 'geen adres' }, 'MELDROUTE_MAIL_FROM'],
    [{ MELDROUTE_MAIL_FROM: 'meldroute@lopik.nl' }, 'MELDROUTE_MAIL_FROM'],
    [{ MELDROUTE_PUBLIC_URL: 'ftp://lopik.nl' }, 'MELDROUTE_PUBLIC_URL'],
    [{ MELDROUTE_PUBLIC_URL: 'https://lopik.nl/?a=1' }, 'MELDROUTE_PUBLIC_URL'],
    [{ NODE_ENV: 'production', MELDROUTE_KEYS: '{}', MELDROUTE_SMTP_URL: 'smtp://mail', MELDROUTE_MAIL_FROM: 'a@lopik.nl' }, 'MELDROUTE_PUBLIC_URL'],
    [{ NODE_ENV: 'production', MELDROUTE_KEYS: '{}', MELDROUTE_SMTP_URL: 'smtp://mail', MELDROUTE_PUBLIC_URL: 'https://m.lopik.nl' }, 'MELDROUTE_MAIL_FROM'],
    [{ NODE_ENV: 'production', MELDROUTE_KEYS: '{}', MELDROUTE_PUBLIC_URL: 'http://m.lopik.nl' }, 'MELDROUTE_PUBLIC_URL'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('e-mail content', () => {
  it('says only the kind, the reference and the link, for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const { subject, body } = renderEmail(kind, [{ reference: 'MH-2026-0007', link: '/signalen/abc' }]);
      expect(subject).toMatch(/^Meldroute: /);
      expect(subject).toContain('MH-2026-0007');
      expect(body).toContain(`- MH-2026-0007: ${BASE_URL_MARKER}/signalen/abc`);
      expect(withBaseUrl(body, 'https://m.lopik.nl')).toContain('https://m.lopik.nl/signalen/abc');
    }
    expect(renderEmail('signal_new', [{ reference: 'A', link: '/a' }, { reference: 'B', link: '/b' }]).subject).toBe('Meldroute: 2 nieuwe signalen');
  });
});

describe('SMTP errors as stored', () => {
  it('keep the code and the reply, never an address', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 451 <coen@lopik.nl> busy"), {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      response: '451 Mailbox <coen@lopik.nl> temporarily unavailable',
      responseCode: 451,
    });
    const text = describeSmtpError(error);
    expect(text).toBe('EENVELOPE RCPT 451 Mailbox [adres] temporarily unavailable');
    expect(describeSmtpError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET', command: 'CONN' }))).toBe('ESOCKET CONN connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('the morning digest', () => {
  it('leaves at 08:00 Amsterdam time, in winter and in summer', () => {
    expect(nextDigestAt(new Date('2026-11-28T10:00:00Z')).toISOString()).toBe('2026-11-29T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-11-28T06:59:00Z')).toISOString()).toBe('2026-11-28T07:00:00.000Z');
    expect(nextDigestAt(new Date('2026-07-01T05:00:00Z')).toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-07-01T06:00:00Z')).toISOString()).toBe('2026-07-02T06:00:00.000Z');
  });
});
