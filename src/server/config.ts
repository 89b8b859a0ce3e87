import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from environment variables, is validated once at
 * startup and is then passed around as a typed object. Invalid configuration
 * stops the process with a message that names the variable.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  MELDROUTE_DATA_DIR: z.string().min(1).default('./data'),
  MELDROUTE_DEMO: booleanFlag.optional(),
  MELDROUTE_DEMO_PASSWORD: z.string().min(12).optional(),
  MELDROUTE_MUNICIPALITY_CONFIG: z.string().min(1).default('config/municipalities/lopik.json'),
  MELDROUTE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MELDROUTE_COOKIE_SECURE: booleanFlag.optional(),
  MELDROUTE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  MELDROUTE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  MELDROUTE_TRUST_PROXY: booleanFlag.default(false),
  MELDROUTE_SERVE_WEB: booleanFlag.default(true),
  MELDROUTE_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  MELDROUTE_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  MELDROUTE_LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  MELDROUTE_TOTP_MANDATORY: booleanFlag.default(true),
  MELDROUTE_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  MELDROUTE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  MELDROUTE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  MELDROUTE_OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  MELDROUTE_OIDC_CLAIM: z.enum(['email', 'preferred_username']).default('email'),
  MELDROUTE_OIDC_LABEL: z.string().min(1).max(80).default('Inloggen met uw organisatieaccount'),
  MELDROUTE_OIDC_IDP_ENFORCES_MFA: booleanFlag.default(false),
  MELDROUTE_KEY_FILE: z.string().min(1).optional(),
  MELDROUTE_KEYS: z.string().min(1).optional(),
  MELDROUTE_BRP_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  MELDROUTE_BRP_API_KEY: z.string().regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces').optional(),
  MELDROUTE_BAG_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  MELDROUTE_BAG_API_KEY: z.string().regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces').optional(),
  // Issue 6.5: e-mail notifications (off without an SMTP URL: in-app notifications only).
  MELDROUTE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  MELDROUTE_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MELDROUTE_MAIL_FROM: z.email().optional(),
  // Issue 7: operations. Metrics are off (GET /metrics answers 404) until a bearer token is set.
  MELDROUTE_METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .max(256)
    .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces')
    .optional(),
  MELDROUTE_DRAIN_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
});

/** Where the encryption keys come from (crypto/keyring.ts describes the document). */
export type KeysConfig =
  | { kind: 'file'; path: string; /** Outside production: create a key file on first start. */ createIfMissing: boolean }
  | { kind: 'env' }
  /** Production without a key: the server refuses to start (openVault), key-less CLI commands still work. */
  | { kind: 'missing'; message: string };

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret: string | undefined;
  redirectUri: string;
  /** `email` matches users.email (case-insensitive), `preferred_username` matches users.username. */
  claim: 'email' | 'preferred_username';
  /** The text of the login button. */
  label: string;
  /** The provider enforces its own second factor: SSO logins skip Meldroute's TOTP. */
  idpEnforcesMfa: boolean;
}

/** A register API: its base URL and the key sent with every request. */
export interface RegisterApiEndpoint {
  url: string;
  apiKey: string;
}

/** Live register APIs used by the matching besides imported extracts; each is off (null) when its URL is not set. */
export interface RegistersApiConfig {
  /** Haal Centraal BRP API Personen (v2), base URL without `/personen`. */
  brp: RegisterApiEndpoint | null;
  /** BAG API Individuele Bevragingen (v2), base URL without `/adressen`. */
  bag: RegisterApiEndpoint | null;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  /** Demo mode seeds demo accounts and example signals into an empty database. */
  demo: boolean;
  demoPassword: string | undefined;
  municipalityConfigPath: string;
  logLevel: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  serveWeb: boolean;
  /** Login attempts per client address per minute. */
  loginRateLimit: number;
  /** Consecutive failed logins (password or second factor) after which an account is locked. */
  loginMaxFailures: number;
  /** How long such a lockout lasts. */
  loginLockoutMinutes: number;
  /**
   * Enforce two-factor login where it is mandatory (coordinator, meldcode officer, admin,
   * and others when the municipality requires it). Demo accounts are exempt in demo mode.
   */
  totpMandatory: boolean;
  /** Single sign-on with OpenID Connect; off (null) when MELDROUTE_OIDC_ISSUER is not set. */
  oidc: OidcConfig | null;
  keys: KeysConfig;
  registersApi: RegistersApiConfig;
  /** Issue 6.5: where the app is reached, without a trailing slash; the links in e-mails start with it. */
  publicUrl: string;
  /** Issue 6.5: e-mail over SMTP; off (null) when MELDROUTE_SMTP_URL is not set (in-app notifications only). */
  mail: MailConfig | null;
  /** Issue 7: the bearer token GET /metrics requires; metrics are off (404) when null. A secret: never log it. */
  metricsToken: string | null;
  /** Issue 7: on SIGTERM/SIGINT, how long /readyz answers 503 before the server stops accepting connections. */
  drainSeconds: number;
}

/** SMTP delivery of notification e-mails (modules/notifications/mailer.ts). The URL may hold credentials: never log it. */
export interface MailConfig {
  /** smtp:// (STARTTLS when offered; required in production) or smtps:// (TLS from the start). */
  smtpUrl: string;
  /** The sender address. */
  from: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const demo = e.MELDROUTE_DEMO ?? !production;
  if (production && demo) {
    throw new ConfigError(
      'Refusing to start: demo mode is not allowed with NODE_ENV=production. Unset MELDROUTE_DEMO and create an admin with `meldroute users create`.',
    );
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(e.MELDROUTE_DATA_DIR, 'pglite') },
    demo,
    demoPassword: e.MELDROUTE_DEMO_PASSWORD,
    municipalityConfigPath: path.resolve(e.MELDROUTE_MUNICIPALITY_CONFIG),
    logLevel: e.MELDROUTE_LOG_LEVEL,
    cookieSecure: e.MELDROUTE_COOKIE_SECURE ?? production,
    sessionIdleMinutes: e.MELDROUTE_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.MELDROUTE_SESSION_MAX_HOURS,
    trustProxy: e.MELDROUTE_TRUST_PROXY,
    serveWeb: e.MELDROUTE_SERVE_WEB,
    loginRateLimit: e.MELDROUTE_LOGIN_RATE_LIMIT,
    loginMaxFailures: e.MELDROUTE_LOGIN_MAX_FAILURES,
    loginLockoutMinutes: e.MELDROUTE_LOGIN_LOCKOUT_MINUTES,
    totpMandatory: e.MELDROUTE_TOTP_MANDATORY,
    oidc: oidcConfig(e),
    keys: keysConfig(e),
    registersApi: {
      brp: registerApiEndpoint(e, 'MELDROUTE_BRP_API_URL', 'MELDROUTE_BRP_API_KEY'),
      bag: registerApiEndpoint(e, 'MELDROUTE_BAG_API_URL', 'MELDROUTE_BAG_API_KEY'),
    },
    publicUrl: publicUrlOf(e),
    mail: mailConfig(e),
    metricsToken: e.MELDROUTE_METRICS_TOKEN ?? null,
    drainSeconds: e.MELDROUTE_DRAIN_SECONDS,
  };
}

function publicUrlOf(e: z.infer<typeof envSchema>): string {
  const url = e.MELDROUTE_PUBLIC_URL;
  if (!url) {
    if (e.NODE_ENV === 'production' && e.MELDROUTE_SMTP_URL) {
      throw new ConfigError('Invalid configuration:\n  MELDROUTE_PUBLIC_URL: required when MELDROUTE_SMTP_URL is set (the links in e-mails start with it)');
    }
    return `http://localhost:${e.PORT}`;
  }
  const parsed = new URL(url);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError('Invalid configuration:\n  MELDROUTE_PUBLIC_URL: must be a plain base URL without credentials, query or fragment');
  }
  if (e.NODE_ENV === 'production' && parsed.protocol !== 'https:') {
    throw new ConfigError('Invalid configuration:\n  MELDROUTE_PUBLIC_URL: must be an https:// URL in production');
  }
  return url.replace(/\/+$/, '');
}

function mailConfig(e: z.infer<typeof envSchema>): MailConfig | null {
  if (!e.MELDROUTE_SMTP_URL) {
    if (e.MELDROUTE_MAIL_FROM) throw new ConfigError('Invalid configuration:\n  MELDROUTE_MAIL_FROM: set without MELDROUTE_SMTP_URL');
    return null;
  }
  if (!e.MELDROUTE_MAIL_FROM) {
    if (e.NODE_ENV === 'production') throw new ConfigError('Invalid configuration:\n  MELDROUTE_MAIL_FROM: required when MELDROUTE_SMTP_URL is set');
    return { smtpUrl: e.MELDROUTE_SMTP_URL, from: 'meldroute@localhost' };
  }
  return { smtpUrl: e.MELDROUTE_SMTP_URL, from: e.MELDROUTE_MAIL_FROM };
}

function registerApiEndpoint(
  e: z.infer<typeof envSchema>,
  urlName: 'MELDROUTE_BRP_API_URL' | 'MELDROUTE_BAG_API_URL',
  keyName: 'MELDROUTE_BRP_API_KEY' | 'MELDROUTE_BAG_API_KEY',
): RegisterApiEndpoint | null {
  const url = e[urlName];
  const apiKey = e[keyName];
  if (!url) {
    if (apiKey) throw new ConfigError(`Invalid configuration:\n  ${keyName}: set without ${urlName}`);
    return null;
  }
  if (!apiKey) throw new ConfigError(`Invalid configuration:\n  ${keyName}: required when ${urlName} is set`);
  if (e.NODE_ENV === 'production' && !url.startsWith('https://')) {
    throw new ConfigError(`Invalid configuration:\n  ${urlName}: must be an https:// URL in production`);
  }
  return { url, apiKey };
}

function keysConfig(e: z.infer<typeof envSchema>): KeysConfig {
  if (e.MELDROUTE_KEY_FILE && e.MELDROUTE_KEYS) {
    throw new ConfigError('Invalid configuration:\n  MELDROUTE_KEYS: set either MELDROUTE_KEY_FILE or MELDROUTE_KEYS, not both');
  }
  if (e.MELDROUTE_KEYS) return { kind: 'env' };
  if (e.MELDROUTE_KEY_FILE) return { kind: 'file', path: path.resolve(e.MELDROUTE_KEY_FILE), createIfMissing: false };
  if (e.NODE_ENV === 'production') {
    return {
      kind: 'missing',
      message: 'MELDROUTE_KEY_FILE (or MELDROUTE_KEYS) is required in production; create a key file with `meldroute keys init --key-file <path>`',
    };
  }
  return { kind: 'file', path: path.resolve(e.MELDROUTE_DATA_DIR, 'keys.json'), createIfMissing: true };
}

function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | null {
  if (!e.MELDROUTE_OIDC_ISSUER) return null;
  const missing = (['MELDROUTE_OIDC_CLIENT_ID', 'MELDROUTE_OIDC_REDIRECT_URI'] as const).filter((k) => !e[k]);
  if (missing.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${missing.map((k) => `  ${k}: required when MELDROUTE_OIDC_ISSUER is set`).join('\n')}`);
  }
  if (e.NODE_ENV === 'production') {
    const plain = (['MELDROUTE_OIDC_ISSUER', 'MELDROUTE_OIDC_REDIRECT_URI'] as const).filter((k) => !e[k]!.startsWith('https://'));
    if (plain.length > 0) throw new ConfigError(`Invalid configuration:\n${plain.map((k) => `  ${k}: must be an https:// URL in production`).join('\n')}`);
  }
  return {
    issuer: e.MELDROUTE_OIDC_ISSUER,
    clientId: e.MELDROUTE_OIDC_CLIENT_ID!,
    clientSecret: e.MELDROUTE_OIDC_CLIENT_SECRET,
    redirectUri: e.MELDROUTE_OIDC_REDIRECT_URI!,
    claim: e.MELDROUTE_OIDC_CLAIM,
    label: e.MELDROUTE_OIDC_LABEL,
    idpEnforcesMfa: e.MELDROUTE_OIDC_IDP_ENFORCES_MFA,
  };
}
