import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, poll, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 6.2 and 6.4: an employee searches "Waar kan ik terecht?", the admin edits a partner's
 * directory fields and a department's liaison, and the reporter's signal form shows that liaison.
 * Unique texts per run.
 */
const RUN = String(process.pid % 100_000);
const HOURS = `ma–vr 9.00–17.00 uur (${RUN})`;
const AVAILABILITY = `ma–do, 9–17 (${RUN})`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The names of the organisations the directory shows now. */
const resultNames = (page: Page) => page.locator('article h3[id^="partner-"]').allTextContents();

describe('partner directory and liaison network', () => {
  it('an employee searches the directory by text and by exploitation form', async () => {
    await asUser(browser, 'melder', async (page) => {
      await navigate(page, 'Waar kan ik terecht?');
      await poll(() => resultNames(page).then((n) => n.length)).toBeGreaterThan(15);
      await expectAccessible(page, 'employee: Waar kan ik terecht?');

      await page.getByLabel('Zoeken', { exact: true }).fill('arbeidsinspectie');
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      await waitForStatus(page, '1 organisatie gevonden');
      expect(await resultNames(page)).toEqual(['Nederlandse Arbeidsinspectie (NLA)']);

      await page.getByRole('button', { name: 'Wis zoekopdracht' }).click();
      await page.getByLabel('Uitbuitingsvorm', { exact: true }).selectOption({ label: 'Seksuele uitbuiting' });
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      // Wait for the filtered list (the unfiltered one holds the NLA).
      await poll(() => resultNames(page)).not.toContain('Nederlandse Arbeidsinspectie (NLA)');
      const sexual = await resultNames(page);
      expect(sexual).toEqual(expect.arrayContaining(['Belle', 'Pretty Woman', 'Politie – AVIM', 'GGD']));
      expect(sexual).not.toContain('FNV');
      // How to refer, and the meetings a partner sits in (Bijlage 3–4).
      const riec = page.locator('article', { has: page.getByRole('heading', { level: 3, name: 'RIEC Midden-Nederland' }) });
      expect(await riec.textContent()).toContain('Zo verwijst u door');
      expect(await riec.textContent()).toContain('Lokaal ondermijningsoverleg');
      expect(await region(page, 'Overlegstructuren').getByRole('heading', { level: 3, name: 'Regiegroep mensenhandel Midden-Nederland' }).count()).toBe(1);
      await expectAccessible(page, 'employee: Waar kan ik terecht?, filtered');
    });
  }, 180_000);

  it('the admin edits a partner (field errors in Dutch), a liaison, and sees the meeting structures', async () => {
    await asUser(browser, 'beheerder', async (page) => {
      await waitForPage(page, 'Gebruikers');
      await navigate(page, 'Ketenpartners');
      await page.getByRole('button', { name: 'Bewerken Belle' }).click();
      await page.getByLabel('Openingstijden en bereikbaarheid').fill(HOURS);
      await page.getByLabel('Beveiligd e-mailadres').fill('geen adres');
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
      const email = page.getByLabel('Beveiligd e-mailadres');
      await poll(() => email.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByText('Vul een geldig e-mailadres in, bijvoorbeeld meldpunt@organisatie.nl.').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'admin: partner form with errors');
      await email.fill('zorg@belle.example');
      await page.getByLabel('Soort organisatie').selectOption({ label: 'Hulp aan slachtoffers' });
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
      await waitForStatus(page, 'De wijzigingen voor Belle zijn opgeslagen.');

      await navigate(page, 'Overlegstructuren');
      await page.getByRole('rowheader', { name: 'Zachte signalentafel mensenhandel RIEC (pilot)' }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'admin: Overlegstructuren');

      await navigate(page, 'Taakaccenthouders');
      await page.getByRole('button', { name: 'Bewerken Burgerzaken / Dienstverlening' }).click();
      await page.getByLabel('Bereikbaarheid').fill(AVAILABILITY);
      await expectAccessible(page, 'admin: liaison form');
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
      await waitForStatus(page, 'De wijzigingen voor Burgerzaken / Dienstverlening zijn opgeslagen.');
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Burgerzaken / Dienstverlening' }) });
      expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Sanne Bakker (demo)', AVAILABILITY]));
      await expectAccessible(page, 'admin: Taakaccenthouders');
    });
  }, 180_000);

  it("the reporter's signal form shows the department's liaison; the directory shows the partner's new hours", async () => {
    await asUser(browser, 'melder', async (page) => {
      await navigate(page, 'Signaal melden');
      const liaison = region(page, 'Uw taakaccenthouder');
      await poll(() => liaison.textContent()).toContain('Sanne Bakker (demo)');
      expect(await liaison.textContent()).toContain(`Bereikbaar: ${AVAILABILITY}`);
      expect(await liaison.textContent()).toContain('Mensenhandeloverleg gemeente Lopik');
      await expectAccessible(page, 'employee: signal form with the liaison');

      await navigate(page, 'Waar kan ik terecht?');
      await page.getByLabel('Zoeken', { exact: true }).fill('Belle');
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      await waitForStatus(page, '1 organisatie gevonden');
      const belle = page.locator('article', { has: page.getByRole('heading', { level: 3, name: 'Belle' }) });
      expect(await belle.textContent()).toContain(HOURS);
      expect(await belle.textContent()).toContain('zorg@belle.example');
    });
  }, 180_000);
});
