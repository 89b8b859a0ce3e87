import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { poll, waitForPage, WAIT_MS } from './support/ui.js';

/**
 * Two-factor login in the browser. Demo accounts are exempt from mandatory
 * two-factor login in demo mode, so these tests create accounts of their own
 * (through the admin API) that are not.
 */

const PASSWORD = 'een lang wachtwoord voor e2e';
let serial = 0;

/** Log in through the API as a demo user: the cookie and CSRF token for further calls. */
async function apiSession(username: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${inject('baseUrl')}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A new account, made by the demo admin; not a demo account, so mandatory two-factor login applies. */
async function createUser(role: 'coordinator' | 'reporter'): Promise<string> {
  const admin = await apiSession('beheerder', inject('demoPassword'));
  const username = `e2e-${role}-${process.pid}-${++serial}`;
  const res = await fetch(`${inject('baseUrl')}/api/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify({ username, displayName: `E2E ${role} ${serial}`, role, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${await res.text()}`);
  return username;
}

/** The code an authenticator app would show, `stepsAhead` time steps from now (the server accepts one step of drift). */
const totp = (secret: string, stepsAhead = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

const pathOf = (page: Page) => new URL(page.url()).pathname;

async function passwordStep(page: Page, username: string): Promise<void> {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await poll(() => pathOf(page)).toBe('/inloggen');
}

describe('two-factor login (TOTP)', () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('a new coordinator must set up the app, then logs in with password and code, or with a recovery code', async () => {
    const username = await createUser('coordinator');
    context = await browser.newContext({ baseURL: inject('baseUrl'), locale: 'nl-NL' });
    const page = await context.newPage();
    try {
      // Mandatory for the coordinator: the first login leads to the setup page, and nowhere else.
      await passwordStep(page, username);
      await poll(() => pathOf(page)).toBe('/tweestapsverificatie');
      await waitForPage(page, 'Tweestapsverificatie');
      expect(await page.getByRole('alert').first().textContent()).toContain('verplicht');
      await expectAccessible(page, 'totp: mandatory, not set up');
      await page.goto('/werkvoorraad');
      await poll(() => pathOf(page)).toBe('/tweestapsverificatie');
      await waitForPage(page, 'Tweestapsverificatie');

      // Step 1: the QR code (an image allowed by the CSP) and the key to type over.
      await page.getByRole('button', { name: 'Authenticator-app koppelen' }).click();
      await page.getByRole('heading', { level: 2, name: 'Stap 1: scan de QR-code' }).waitFor({ timeout: WAIT_MS });
      const qr = page.getByRole('img', { name: 'QR-code om te scannen met uw authenticator-app' });
      await poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'QR code rendered').toBe(true);
      const secret = (await page.locator('code.mr-secret').textContent())!.replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await expectAccessible(page, 'totp: link the app');

      // Step 2: a wrong code, then the right one.
      const codeField = page.getByLabel('Code uit de app');
      expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await codeField.getAttribute('inputmode')).toBe('numeric');
      const right = totp(secret);
      await codeField.fill(right === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Koppeling bevestigen' }).click();
      await poll(() => page.getByRole('alert').first().textContent()).toContain('De code klopt niet');
      await expectAccessible(page, 'totp: wrong code');
      await codeField.fill(totp(secret));
      await page.getByRole('button', { name: 'Koppeling bevestigen' }).click();

      // The recovery codes, once.
      await page.getByRole('heading', { level: 2, name: 'Bewaar uw herstelcodes' }).waitFor({ timeout: WAIT_MS });
      const recoveryCodes = (await page.getByRole('list', { name: 'Uw herstelcodes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(recoveryCodes).toHaveLength(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      await expectAccessible(page, 'totp: recovery codes');
      await page.getByRole('button', { name: 'Verder' }).click();
      await poll(() => page.getByRole('alert').first().textContent()).toContain('Bevestig dat u de herstelcodes heeft bewaard');
      await page.getByLabel('Ik heb de herstelcodes bewaard').check();
      await page.getByRole('button', { name: 'Verder' }).click();
      await poll(() => pathOf(page)).toBe('/werkvoorraad');
      await waitForPage(page, /Werkvoorraad/);

      // Log out, and in again: password, then a code from the app.
      await logout(page);
      await passwordStep(page, username);
      await poll(() => pathOf(page)).toBe('/inloggen/code');
      await waitForPage(page, 'Code invoeren');
      await expectAccessible(page, 'totp: second login step');
      const loginCode = page.getByLabel('Code uit de app');
      expect(await loginCode.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await loginCode.getAttribute('inputmode')).toBe('numeric');
      // A stale code (five steps old) is refused; a code of the next step is accepted (one step of drift),
      // which also keeps clear of the step the app was confirmed in: each step is accepted once.
      await loginCode.fill(totp(secret, -5));
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await poll(() => page.getByRole('alert').first().textContent()).toContain('onjuist of al gebruikt');
      await expectAccessible(page, 'totp: second login step with an error');
      await loginCode.fill(totp(secret, 1));
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await poll(() => pathOf(page)).toBe('/werkvoorraad');
      await waitForPage(page, /Werkvoorraad/);

      // The settings page shows it is on, with ten recovery codes.
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Tweestapsverificatie', exact: true }).click();
      await waitForPage(page, 'Tweestapsverificatie');
      expect(await page.getByRole('main').textContent()).toContain('U heeft nog 10 ongebruikte herstelcodes.');
      expect(await page.getByRole('main').textContent()).toContain('verplicht');
      await expectAccessible(page, 'totp: on');

      // A recovery code instead of the app.
      await logout(page);
      await passwordStep(page, username);
      await waitForPage(page, 'Code invoeren');
      await page.getByRole('button', { name: 'Telefoon niet bij de hand? Gebruik een herstelcode' }).click();
      const recoveryField = page.getByLabel('Herstelcode');
      await recoveryField.waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'totp: recovery code step');
      await recoveryField.fill(recoveryCodes[0]!);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await poll(() => pathOf(page)).toBe('/werkvoorraad');
    } finally {
      await context.close();
    }
  });

  it('logs out everywhere from the password page', async () => {
    const username = await createUser('reporter');
    const first = await browser.newContext({ baseURL: inject('baseUrl'), locale: 'nl-NL' });
    const second = await browser.newContext({ baseURL: inject('baseUrl'), locale: 'nl-NL' });
    try {
      const [a, b] = [await first.newPage(), await second.newPage()];
      for (const page of [a, b]) {
        await passwordStep(page, username);
        await poll(() => pathOf(page)).toBe('/signalen/mijn');
      }
      await a.goto('/wachtwoord');
      await waitForPage(a, 'Wachtwoord wijzigen');
      await expectAccessible(a, 'password page with log out everywhere');
      await a.getByRole('button', { name: 'Overal uitloggen' }).click();
      await poll(() => pathOf(a)).toBe('/inloggen');
      await poll(() => a.getByRole('status').first().textContent()).toContain('U bent overal uitgelogd');
      await expectAccessible(a, 'login after logging out everywhere');
      // The other browser's session has ended too.
      await b.reload();
      await poll(() => pathOf(b)).toBe('/inloggen');
      expect((await first.cookies()).find((c) => c.name === 'mr_session')).toBeUndefined();
    } finally {
      await first.close();
      await second.close();
    }
  });
});
