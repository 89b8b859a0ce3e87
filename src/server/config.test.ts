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
    ['MELDROUTE_METRICS_TOKEN', 'short-secret'],
    ['MELDROUTE_METRICS_TOKEN', ''],
    ['MELDROUTE_DRAIN_SECONDS', '-1'],
    ['MELDROUTE_DRAIN_SECONDS', '600'],
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

  describe('operations (issue 7)', () => {
    it('keeps metrics off and shuts down without a drain delay unless configured', () => {
      expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ metricsToken: null, drainSeconds: 0 });
      const token = 'a'.repeat(32);
      expect(loadConfig({ MELDROUTE_METRICS_TOKEN: token, MELDROUTE_DRAIN_SECONDS: '10' })).toMatchObject({ metricsToken: token, drainSeconds: 10 });
    });

    it('refuses a metrics token that cannot be sent as a header, without repeating it', () => {
      const token = `${'geheim'.repeat(6)} met spatie`;
      expect(() => loadConfig({ MELDROUTE_METRICS_TOKEN: token })).toThrow(/^Invalid configuration:\n {2}MELDROUTE_METRICS_TOKEN: must be printable ASCII without spaces$/);
    });
  });

  describe('register APIs', () => {
    const configError = (env: Record<string, string>): Error => {
      try {
        loadConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return e as Error;
      }
      throw new Error('expected a ConfigError');
    };

    it('are off unless configured', () => {
      expect(loadConfig({}).registersApi).toEqual({ brp: null, bag: null });
    });

    it('read URL and key per API', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        MELDROUTE_BRP_API_URL: 'https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp',
        MELDROUTE_BRP_API_KEY: 'brp-key',
        MELDROUTE_BAG_API_URL: 'https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2',
        MELDROUTE_BAG_API_KEY: 'bag-key',
      });
      expect(config.registersApi).toEqual({
        brp: { url: 'https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp', apiKey: 'brp-key' },
        bag: { url: 'https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2', apiKey: 'bag-key' },
      });
      expect(loadConfig({ MELDROUTE_BAG_API_URL: 'https://bag.example.nl/v2', MELDROUTE_BAG_API_KEY: 'k' }).registersApi.brp).toBeNull();
    });

    it.each([
      ['MELDROUTE_BRP_API_URL', 'MELDROUTE_BRP_API_KEY'],
      ['MELDROUTE_BAG_API_URL', 'MELDROUTE_BAG_API_KEY'],
    ])('require a key with the URL: %s without %s', (urlName, keyName) => {
      expect(configError({ [urlName]: 'https://register.example.nl/api' }).message).toContain(keyName);
    });

    it.each([['MELDROUTE_BRP_API_KEY'], ['MELDROUTE_BAG_API_KEY']])('refuse %s without its URL', (keyName) => {
      expect(configError({ [keyName]: 'k' }).message).toContain(keyName);
    });

    it.each([['MELDROUTE_BRP_API_URL'], ['MELDROUTE_BAG_API_URL']])('refuse an invalid %s', (urlName) => {
      expect(configError({ [urlName]: 'not a url', [urlName.replace('_URL', '_KEY')]: 'k' }).message).toContain(urlName);
      expect(configError({ [urlName]: 'ftp://register.example.nl', [urlName.replace('_URL', '_KEY')]: 'k' }).message).toContain(urlName);
    });

    it('refuse a key that cannot be sent as a header, without repeating it', () => {
      const message = configError({ MELDROUTE_BAG_API_URL: 'https://bag.example.nl/v2', MELDROUTE_BAG_API_KEY: 'secret key\n' }).message;
      expect(message).toContain('MELDROUTE_BAG_API_KEY');
      expect(message).not.toContain('secret');
    });

    it('require https in production, allow http elsewhere', () => {
      const env = { MELDROUTE_BRP_API_URL: 'http://127.0.0.1:8080/api', MELDROUTE_BRP_API_KEY: 'k' };
      expect(loadConfig(env).registersApi.brp).toEqual({ url: 'http://127.0.0.1:8080/api', apiKey: 'k' });
      const message = configError({ ...env, NODE_ENV: 'production' }).message;
      expect(message).toContain('MELDROUTE_BRP_API_URL');
      expect(message).toContain('https');
    });
  });
});
