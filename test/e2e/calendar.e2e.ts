import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { poll, region, waitForPage } from './support/ui.js';

/**
 * Issue 6.6: an employee subscribes to their calendar feed on the account page (shown once, with a
 * webcal:// link), a calendar client fetches it without a session, and after revoking it answers 404.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('calendar subscription', () => {
  it('an employee creates the feed, a calendar fetches it without a session, and revoking ends it', async () => {
    await asUser(browser, 'melder', async (page) => {
      await page.goto('/wachtwoord');
      await waitForPage(page, 'Wachtwoord wijzigen');
      const section = region(page, 'Agenda-abonnement');
      await poll(() => section.textContent()).toContain('U heeft nog geen agenda-abonnement.');
      await expectAccessible(page, 'calendar: no subscription yet');

      await section.getByRole('button', { name: 'Agenda-abonnement aanmaken' }).click();
      const field = section.getByLabel('Adres van uw agenda-abonnement');
      await poll(() => field.inputValue().catch(() => '')).toMatch(/\/api\/calendar\/[\w-]{43}\.ics$/);
      const url = await field.inputValue();
      expect(url.startsWith(inject('baseUrl'))).toBe(true);
      expect(await section.getByRole('link', { name: /Direct openen/ }).getAttribute('href')).toBe(url.replace(/^https?:/, 'webcal:'));
      await expectAccessible(page, 'calendar: the address, shown once');

      // A calendar client: no cookie.
      const feed = await fetch(url);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(await feed.text()).toContain('BEGIN:VCALENDAR');

      // Shown once: after reloading, only that a subscription exists and when it was fetched.
      await page.reload();
      await waitForPage(page, 'Wachtwoord wijzigen');
      await poll(() => section.textContent()).toContain('voor het laatst opgehaald');
      expect(await page.content()).not.toContain(url.split('/').pop()!);

      await section.getByRole('button', { name: 'Agenda-abonnement stoppen' }).click();
      await section.getByRole('button', { name: 'Ja, stop het abonnement' }).waitFor();
      await expectAccessible(page, 'calendar: confirm stopping');
      await section.getByRole('button', { name: 'Ja, stop het abonnement' }).click();
      await poll(() => section.textContent()).toContain('Uw agenda-abonnement is gestopt.');
      await poll(() => section.textContent()).toContain('U heeft nog geen agenda-abonnement.');
      expect((await fetch(url)).status).toBe(404);
    });
  }, 120_000);
});
