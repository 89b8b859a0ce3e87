import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { accessibleDescription, navigate, navLink, occurrences, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * The start pages of the roles the reporting route does not walk through, each
 * checked with axe-core, and need to know: the liaison and the analyst never
 * see the name of a reporter they did not report for.
 *
 * These tests only read — except one retention term, which the admin test
 * lengthens and puts back — and hold whether or not reporting-route.e2e.ts ran first.
 */

/** Reporter of demo signals 0001, 0003 and 0005 (0005 submitted for her by the liaison). */
const REPORTER_NAME = 'Mila Jansen';
/** Reporter of demo signals 0002 and 0004, in another department. */
const OTHER_REPORTER = 'Daan de Vries';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('taakaccenthouder (liaison)', () => {
  it('sees own signals (naming only the colleague reported for), the department list without names, and the form for a colleague', async () => {
    await asUser(browser, 'taakaccenthouder', async (page) => {
      // Mijn signalen: 0005 was submitted by the liaison for Mila Jansen, and may say so.
      await waitForPage(page, 'Mijn signalen');
      const mine = page.getByRole('table', { name: 'Uw signalen, nieuwste eerst' });
      const forColleague = mine.getByRole('row').filter({ has: page.getByRole('link', { name: /^MH-\d{4}-0005$/ }) });
      await forColleague.waitFor({ timeout: WAIT_MS });
      expect(await forColleague.textContent()).toContain(`gemeld voor ${REPORTER_NAME} (demo)`);
      expect(await occurrences(page, REPORTER_NAME), 'the name appears only in the row of 0005').toBe(1);
      expect(await page.content()).not.toContain(OTHER_REPORTER);
      await expectAccessible(page, 'liaison: Mijn signalen');

      // Open signalen afdeling: numbers and states, no content and no names.
      await navigate(page, 'Open signalen afdeling');
      const department = page.getByRole('table', { name: 'Open signalen van uw afdeling, nieuwste eerst' });
      await department.waitFor({ timeout: WAIT_MS });
      const own = department.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^MH-\d{4}-0005$/ }) });
      expect(await own.getByRole('cell').last().textContent(), '0005 is marked as submitted by me').toBe('Ja');
      expect(await department.getByRole('rowheader').count()).toBeGreaterThan(1);
      const html = await page.content();
      expect(html).not.toContain(REPORTER_NAME);
      expect(html).not.toContain(OTHER_REPORTER);
      expect(html, 'no signal content').not.toContain('bankpas');
      await expectAccessible(page, 'liaison: Open signalen afdeling');

      // The form offers to report for a colleague of the department.
      await navigate(page, 'Signaal melden');
      const onBehalf = page.getByLabel('Ik meld namens');
      await onBehalf.waitFor({ timeout: WAIT_MS });
      expect(await onBehalf.getByRole('option').allTextContents()).toEqual(['Mijzelf (Sanne Bakker (demo))', `${REPORTER_NAME} (demo)`]);
      // The colleague picker is the only place the name appears (it lists colleagues, not reporters).
      const inPicker = (await onBehalf.evaluate((el) => el.outerHTML)).split(REPORTER_NAME).length - 1;
      expect(await occurrences(page, REPORTER_NAME)).toBe(inPicker);
      await expectAccessible(page, 'liaison: signal form with "Ik meld namens"');
    });
  });
});

describe('analist (analyst)', () => {
  it('sees only suppressed yearly figures, no names', async () => {
    await asUser(browser, 'analist', async (page) => {
      await waitForPage(page, 'Cijfers');
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual([
        'Cijfers',
        'Uitvoeringsplan',
        'Bewustwording en training',
        'Interventies',
        'Regionale cijfers',
        'Waar kan ik terecht?',
        'Indicatoren in cijfers',
        'Wat is mensenhandel?',
        'Overleggen',
        'Wachtwoord wijzigen',
        'Tweestapsverificatie',
      ]);
      // The dashboard (features/dashboard): the table behind the first chart.
      const series = region(page, 'Signalen en doorverwijzingen per maand');
      await series.getByText('Toon tabel', { exact: true }).click();
      const table = series.getByRole('table', { name: /^Signalen en doorverwezen signalen per maand, \d{4}$/ });
      await table.waitFor({ timeout: WAIT_MS });
      const counts = await table.getByRole('cell').allTextContents();
      expect(counts.length).toBeGreaterThan(0);
      // A suppressed count reads "< 5" on screen (and "minder dan 5" for screen readers).
      for (const count of counts) expect(count).toMatch(/^(\d+|< \d+minder dan \d+)$/);
      expect(counts.some((c) => c.startsWith('< ')), 'the demo year has months with fewer than 5 signals').toBe(true);
      const html = await page.content();
      expect(html).not.toContain(REPORTER_NAME);
      expect(html).not.toContain(OTHER_REPORTER);
      await expectAccessible(page, 'analyst: Cijfers');
    });
  });
});

describe('beheerder (admin)', () => {
  const PAGES = ['Gebruikers', 'Afdelingen', 'Ketenpartners', 'Routeringsregels', 'Instellingen', 'Registers'];
  /** Pages for everyone (the partner directory, the information page) and the directory's admin pages (directory.e2e.ts checks those). */
  const ALSO = ['Waar kan ik terecht?', 'Overlegstructuren', 'Taakaccenthouders', 'Wat is mensenhandel?'];

  it('every admin page is accessible', async () => {
    await asUser(browser, 'beheerder', async (page) => {
      await waitForPage(page, 'Gebruikers');
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual([...PAGES, ...ALSO, 'Overleggen', 'E-mail', 'Wachtwoord wijzigen', 'Tweestapsverificatie']);
      for (const title of PAGES) {
        if (title !== 'Gebruikers') await navigate(page, title);
        expect(new URL(page.url()).pathname).toMatch(/^\/beheer\//);
        if (title === 'Instellingen') await page.getByRole('button', { name: 'Instellingen opslaan' }).waitFor({ timeout: WAIT_MS });
        else await page.getByRole('table').first().waitFor({ timeout: WAIT_MS });
        await expectAccessible(page, `admin: ${title}`);
      }

      // A form state too: adding a user.
      await navigate(page, 'Gebruikers');
      await page.getByRole('button', { name: 'Gebruiker toevoegen' }).first().click();
      await page.getByLabel('Gebruikersnaam').waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'admin: new user form');
      expect(await navLink(page, 'Gebruikers').getAttribute('aria-current')).toBe('page');
    });
  });

  it('changes a retention term on Instellingen: refused out of range, saved, still there after a reload', async () => {
    const LABEL = 'Uitkomst ‘Dubbele melding’ (in dagen)';
    await asUser(browser, 'beheerder', async (p) => {
      const save = async (days: string) => {
        await p.getByLabel(LABEL).fill(days);
        await p.getByRole('button', { name: 'Instellingen opslaan' }).click();
        await waitForStatus(p, 'De instellingen zijn opgeslagen.');
      };
      await waitForPage(p, 'Gebruikers');
      await navigate(p, 'Instellingen');
      await p.getByRole('group', { name: 'Bewaartermijnen' }).waitFor({ timeout: WAIT_MS });
      const field = p.getByLabel(LABEL);
      expect(await field.inputValue()).toBe('365');
      expect(await accessibleDescription(field)).toBe('365 dagen is ongeveer 1 jaar. Een getal van 30 tot 3650.');
      expect(await p.getByLabel('Uitkomst ‘Doorverwezen’ (in dagen)').inputValue()).toBe('1826');

      // Below the minimum: a field error in Dutch, linked from the error summary.
      await field.fill('20');
      await p.getByRole('button', { name: 'Instellingen opslaan' }).click();
      const message = 'Vul bij ‘Dubbele melding’ een geheel getal van 30 tot 3650 dagen in.';
      await p.getByRole('alert').getByRole('link', { name: message }).waitFor({ timeout: WAIT_MS });
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await accessibleDescription(field)).toBe(`Een getal van 30 tot 3650. ${message}`);
      await expectAccessible(p, 'admin: Instellingen with a retention error');

      // A valid term: the hint shows it in years and months; saved, and still there after a reload.
      await field.fill('400');
      expect(await accessibleDescription(field)).toContain('400 dagen is ongeveer 1 jaar en 1 maand.');
      await save('730');
      expect(await field.getAttribute('aria-invalid')).toBeNull();
      await p.reload();
      await waitForPage(p, 'Instellingen');
      expect(await p.getByLabel(LABEL).inputValue()).toBe('730');
      expect(await accessibleDescription(p.getByLabel(LABEL))).toContain('730 dagen is ongeveer 2 jaar.');
      // The other settings were saved as they were.
      expect(await p.getByLabel('Uitkomst ‘Doorverwezen’ (in dagen)').inputValue()).toBe('1826');
      expect(await p.getByLabel('Voorvoegsel van signaalnummers').inputValue()).toBe('MH');
      await expectAccessible(p, 'admin: Instellingen with retention terms');

      // Put the demo term back for the other tests.
      await save('365');
    });
  });
});
