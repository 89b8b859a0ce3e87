import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config.js';

/**
 * Issue 6.5: sending one e-mail over SMTP (nodemailer). The mail job (notification.jobs.ts) is the only
 * caller; tests point it at a real SMTP server (smtp-server) started in the test.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

/** An SMTP delivery failure as stored in the outbox: the error code, the server's reply code and text; never an address. */
export class MailDeliveryError extends Error {}

const ADDRESS = /<?[^\s<>@"]+@[^\s<>@"]+>?/g;

/** Describe a nodemailer error for the outbox and the admin: code, SMTP reply (addresses removed), at most 500 characters. */
export function describeSmtpError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const e = error as Error & { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown };
  const parts: string[] = [];
  if (typeof e.code === 'string') parts.push(e.code);
  if (typeof e.command === 'string') parts.push(e.command.split(' ')[0]!.replace(ADDRESS, '[adres]'));
  if (typeof e.response === 'string') parts.push(e.response.replace(ADDRESS, '[adres]'));
  else if (typeof e.responseCode === 'number') parts.push(String(e.responseCode));
  // Connection errors carry no SMTP reply: their message (connect ECONNREFUSED 127.0.0.1:25 …) names no recipient.
  if (typeof e.response !== 'string') parts.push(e.message.replace(ADDRESS, '[adres]'));
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}

/**
 * The SMTP mailer for MELDROUTE_SMTP_URL: smtps:// speaks TLS from the start; smtp:// upgrades with STARTTLS when
 * the server offers it, and must in production (requireTLS). Bounded timeouts keep one run of the mail job short.
 */
export function createSmtpMailer(config: MailConfig, options: { production: boolean }): Mailer {
  const secureFromStart = config.smtpUrl.startsWith('smtps://');
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    requireTLS: options.production && !secureFromStart,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: { name: 'Meldroute', address: config.from }, to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        throw new MailDeliveryError(describeSmtpError(error));
      }
    },
    close: () => transport.close(),
  };
}
