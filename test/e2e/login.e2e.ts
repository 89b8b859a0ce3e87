import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { loginAs } from './support/session.js';

describe('login', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('shows an accessible login page and a generic error for a wrong password', async () => {
    const context = await browser.newContext({ baseURL: inject('baseUrl') });
    const page = await context.newPage();
    await page.goto('/werkvoorraad');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inloggen');
    await expectAccessible(page, 'login');
    await page.getByLabel('Gebruikersnaam').fill('aandachtsfunctionaris');
    await page.getByLabel('Wachtwoord').fill('wrong password');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('onjuist');
    await expectAccessible(page, 'login with error');
    await context.close();
  });

  it('logs in, sets an HttpOnly SameSite=Strict cookie and logs out', async () => {
    const { context, page } = await loginAs(browser, 'aandachtsfunctionaris');
    const cookie = (await context.cookies()).find((c) => c.name === 'mr_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inloggen');
    expect((await context.cookies()).find((c) => c.name === 'mr_session')).toBeUndefined();
    await context.close();
  });
});
