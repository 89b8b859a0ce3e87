import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../../src/server/testing/oidc-provider.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';

/**
 * Single sign-on in Chromium: a real OpenID Connect provider (`oidc-provider`, with its
 * development login and consent pages) and a second Meldroute server configured against
 * it (the shared e2e server runs without SSO). Accounts match on preferred_username.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('single sign-on (OpenID Connect)', () => {
  let browser: Browser;
  let provider: TestOidcProvider;
  let child: ChildProcess;
  let dataDir: string;
  let baseUrl: string;
  let log = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUris: [`${baseUrl}/api/auth/oidc/callback`],
      accounts: { melder: { preferred_username: 'melder' }, onbekend: { preferred_username: 'onbekend' } },
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'meldroute-e2e-oidc-'));
    child = spawn(process.execPath, ['dist/server/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        MELDROUTE_DATA_DIR: dataDir,
        MELDROUTE_DEMO: 'true',
        MELDROUTE_DEMO_PASSWORD: 'e2e-oidc-wachtwoord',
        MELDROUTE_LOG_LEVEL: 'warn',
        MELDROUTE_LOGIN_RATE_LIMIT: '1000',
        MELDROUTE_OIDC_ISSUER: provider.issuer,
        MELDROUTE_OIDC_CLIENT_ID: provider.clientId,
        MELDROUTE_OIDC_CLIENT_SECRET: provider.clientSecret,
        MELDROUTE_OIDC_REDIRECT_URI: `${baseUrl}/api/auth/oidc/callback`,
        MELDROUTE_OIDC_CLAIM: 'preferred_username',
        MELDROUTE_OIDC_LABEL: 'Inloggen met Testprovider',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
      if (Date.now() > deadline) throw new Error(`server not ready within 90 s:\n${log}`);
      if (await fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    await provider?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Click the SSO button and sign in on the provider's development pages as `login`. */
  async function viaProvider(login: string) {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto('/inloggen');
    const button = page.getByRole('link', { name: 'Inloggen met Testprovider' });
    await button.waitFor();
    await expectAccessible(page, 'login page with SSO button');
    await button.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('wachtwoord-bij-de-provider');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // First use: the provider asks for consent.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === baseUrl);
    return { context, page };
  }

  it('logs a matched user in through the identity provider', async () => {
    const { context, page } = await viaProvider('melder');
    try {
      await expect.poll(() => page.getByRole('button', { name: 'Uitloggen' }).count(), { timeout: 15_000 }).toBe(1);
      expect(new URL(page.url()).pathname).not.toMatch(/^\/inloggen/);
      const cookie = (await context.cookies()).find((c) => c.name === 'mr_session');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Strict');
      // The transaction cookie is gone after the callback.
      expect((await context.cookies()).find((c) => c.name === 'mr_oidc')).toBeUndefined();
      const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
      expect(session.user).toMatchObject({ username: 'melder', role: 'reporter' });
      await expectAccessible(page, 'landing page after SSO');
    } finally {
      await context.close();
    }
  });

  it('refuses an identity without a Meldroute account, with a clear Dutch message', async () => {
    const { context, page } = await viaProvider('onbekend');
    try {
      await expect.poll(() => page.url()).toContain('/inloggen?sso=denied');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('geen actief Meldroute-account');
      expect((await context.cookies()).find((c) => c.name === 'mr_session')).toBeUndefined();
      await expectAccessible(page, 'login page after refused SSO');
    } finally {
      await context.close();
    }
  });
});
