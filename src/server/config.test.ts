import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe defaults for local development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'pglite', dataDir: path.resolve('./data', 'pglite') },
      demo: true,
      demoPassword: undefined,
      municipalityConfigPath: path.resolve('config/municipalities/lopik.json'),
      logLevel: 'info',
      cookieSecure: false,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      trustProxy: false,
      serveWeb: true,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/meldroute' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/meldroute' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db/meldroute' }).database.kind).toBe('postgres');
  });

  it('reads numbers and flags from their string form', () => {
    const config = loadConfig({
      PORT: '8080',
      MELDROUTE_COOKIE_SECURE: 'yes',
      MELDROUTE_TRUST_PROXY: '1',
      MELDROUTE_SERVE_WEB: 'false',
      MELDROUTE_SESSION_IDLE_MINUTES: '15',
      MELDROUTE_DATA_DIR: '/var/lib/meldroute',
    });
    expect(config).toMatchObject({ port: 8080, cookieSecure: true, trustProxy: true, serveWeb: false, sessionIdleMinutes: 15 });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/var/lib/meldroute/pglite' });
  });

  it.each([['abc'], ['-1'], ['70000'], ['80.5']])('refuses PORT=%s with a ConfigError naming PORT', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://u@db/x'],
    ['NODE_ENV', 'staging'],
    ['MELDROUTE_DEMO', 'maybe'],
    ['MELDROUTE_DEMO_PASSWORD', 'short'],
    ['MELDROUTE_LOG_LEVEL', 'loud'],
    ['MELDROUTE_SESSION_IDLE_MINUTES', '0'],
  ])('refuses an invalid %s and names it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });

  it('refuses demo mode in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', MELDROUTE_DEMO: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', MELDROUTE_DEMO: 'true' })).toThrow(/demo/i);
  });

  it('in production: no demo and secure cookies unless told otherwise', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.demo).toBe(false);
    expect(config.cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', MELDROUTE_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('lets development switch demo mode off', () => {
    expect(loadConfig({ MELDROUTE_DEMO: 'false' }).demo).toBe(false);
  });
});
