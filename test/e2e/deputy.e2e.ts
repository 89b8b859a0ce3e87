import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, navLink, openAction, poll, region, waitForPage, WAIT_MS } from './support/ui.js';

/**
 * The deputy coordinator (plaatsvervanger) works the coordinator's pages, but sees
 * who reported a signal only after giving a reason; the coordinator sees that look-up.
 * Uses demo signal 0002 (reported by Daan de Vries); holds whatever else ran first.
 */

const REPORTER = 'Daan de Vries';
const DEPUTY = 'Joris van Dam (demo)';
const REASON = `Terugkoppeling aan de melder tijdens vakantie (e2e ${process.pid})`;
const SIGNAL = /^MH-\d{4}-0002$/;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('plaatsvervanger (deputy coordinator)', () => {
  it('opens a signal without the reporter, looks the reporter up with a reason, and sees the name for that view only', async () => {
    await asUser(browser, 'plaatsvervanger', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      for (const link of ['Werkvoorraad', 'Alle signalen', 'Cijfers']) await navLink(page, link).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'deputy: worklist');

      await navigate(page, 'Alle signalen');
      await page.getByRole('link', { name: SIGNAL }).first().click();
      await waitForPage(page, /^Signaal MH-\d{4}-0002$/);
      const reporter = region(page, 'Melder');
      await reporter.waitFor({ timeout: WAIT_MS });
      expect(await page.content(), 'no reporter name on the page').not.toContain(REPORTER);
      // The history names no submitter either.
      await poll(() => region(page, 'Geschiedenis').textContent()).toContain('Melder (afgeschermd)');
      await expectAccessible(page, 'deputy: signal page, reporter hidden');

      // A reason is required.
      await openAction(reporter, 'Melder tonen', (s) => s.getByLabel('Reden om de melder te tonen'));
      await reporter.getByRole('button', { name: 'Melder tonen', exact: true }).click();
      await poll(() => reporter.getByLabel('Reden om de melder te tonen').getAttribute('aria-invalid')).toBe('true');
      expect(await page.content()).not.toContain(REPORTER);
      await expectAccessible(page, 'deputy: reveal form with an error');

      await reporter.getByLabel('Reden om de melder te tonen').fill(REASON);
      await reporter.getByRole('button', { name: 'Melder tonen', exact: true }).click();
      await poll(() => reporter.textContent()).toContain(`${REPORTER} (demo)`);
      await expectAccessible(page, 'deputy: reporter shown');

      // Only for this page view: after a reload it is hidden again.
      await page.reload();
      await waitForPage(page, /^Signaal MH-\d{4}-0002$/);
      await region(page, 'Melder').waitFor({ timeout: WAIT_MS });
      expect(await page.content()).not.toContain(REPORTER);
    });
  });

  it('the coordinator sees who looked the reporter up, when and why', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Alle signalen');
      await page.getByRole('link', { name: SIGNAL }).first().click();
      await waitForPage(page, /^Signaal MH-\d{4}-0002$/);
      const reporter = region(page, 'Melder (alleen zichtbaar voor u)');
      await poll(() => reporter.textContent()).toContain(`${REPORTER} (demo)`);
      const disclosures = reporter.getByRole('table', { name: /^Wie de melder van signaal MH-\d{4}-0002 heeft ingezien$/ });
      await disclosures.waitFor({ timeout: WAIT_MS });
      const row = disclosures.getByRole('row').filter({ hasText: REASON });
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.textContent()).toContain(DEPUTY);
      await expectAccessible(page, 'coordinator: signal page with the identity look-ups');
    });
  });
});
