import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, poll, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 5 point 8: regional figures. The plan's table is there from the start (seeded from the
 * municipality's configuration); the coordinator adds a series and enters and extends its values in
 * a table; the analyst reads them. Unique names per run.
 */

const RUN = String(process.pid % 100_000);
const NAME = `Slachtoffers CoMensha ${RUN}`;
const SEEDED = 'Aanmeldingen zorgcoördinator mensenhandel, provincie Utrecht';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The cells of a values table: [year, value] per row. */
async function valuesOf(page: Page, name: string, unit: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: `${name}: ${unit} per jaar` });
  await table.waitFor({ timeout: WAIT_MS });
  const rows = await table.getByRole('row').all();
  const out: string[][] = [];
  for (const row of rows.slice(1)) out.push((await row.getByRole('rowheader').allTextContents()).concat(await row.getByRole('cell').allTextContents()).slice(0, 2));
  return out;
}

describe('regional figures (context series)', () => {
  it("shows the plan's table, adds a series with values and extends it (coordinator)", async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Regionale cijfers');
      expect(await valuesOf(page, SEEDED, 'aanmeldingen')).toEqual([['2018', '88'], ['2019', '75'], ['2020', '66'], ['2021', '78'], ['2022', '154']]);
      await expectAccessible(page, 'coordinator: Regionale cijfers');

      // An empty form and a value that is no whole number: field errors at the fields.
      await page.getByRole('button', { name: 'Reeks toevoegen' }).click();
      await page.getByLabel('Jaar, nieuwe regel 1').fill('2021');
      await page.getByLabel('Waarde, nieuwe regel 1').fill('7,5');
      await page.getByRole('button', { name: 'Reeks toevoegen' }).last().click();
      await poll(() => page.getByLabel('Naam van de reeks').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Waarde, nieuwe regel 1').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByText('Vul een geheel getal in, zonder komma of punt.').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'coordinator: Regionale cijfers, series form with errors');

      await page.getByLabel('Naam van de reeks').fill(NAME);
      await page.getByLabel('Bron', { exact: true }).fill('CoMensha-jaarrapport');
      await page.getByLabel('Eenheid', { exact: true }).fill('slachtoffers');
      await page.getByLabel('Waarde, nieuwe regel 1').fill('791');
      await page.getByLabel('Jaar, nieuwe regel 2').fill('2020');
      await page.getByLabel('Waarde, nieuwe regel 2').fill('1013');
      await page.getByRole('button', { name: 'Reeks toevoegen' }).last().click();
      await waitForStatus(page, `De reeks „${NAME}” is toegevoegd.`);
      expect(await valuesOf(page, NAME, 'slachtoffers')).toEqual([['2020', '1013'], ['2021', '791']]);

      // Extend: a new year, and a correction of a stored one.
      await page.getByRole('button', { name: `Waarden invoeren ${NAME}` }).click();
      await page.getByLabel('Waarde voor 2021').fill('792');
      await page.getByLabel('Jaar, nieuwe regel 1').fill('2019');
      await page.getByLabel('Waarde, nieuwe regel 1').fill('1372');
      await expectAccessible(page, 'coordinator: Regionale cijfers, values form');
      await page.getByRole('button', { name: 'Waarden opslaan' }).click();
      await waitForStatus(page, `De waarden van „${NAME}” zijn opgeslagen.`);
      expect(await valuesOf(page, NAME, 'slachtoffers')).toEqual([['2019', '1372'], ['2020', '1013'], ['2021', '792']]);

      // Delete one year.
      await page.getByRole('button', { name: `Verwijderen 2020 ${NAME}` }).click();
      await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
      await waitForStatus(page, `De waarde van 2020 is verwijderd uit „${NAME}”.`);
      expect(await valuesOf(page, NAME, 'slachtoffers')).toEqual([['2019', '1372'], ['2021', '792']]);
    });
  }, 180_000);

  it('lets the analyst read the figures without changing anything', async () => {
    await asUser(browser, 'analist', async (page) => {
      await waitForPage(page, 'Cijfers');
      await navigate(page, 'Regionale cijfers');
      expect(await valuesOf(page, SEEDED, 'aanmeldingen')).toContainEqual(['2022', '154']);
      expect(await page.getByRole('button', { name: 'Reeks toevoegen' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Waarden invoeren/ }).count()).toBe(0);
      await expectAccessible(page, 'analyst: Regionale cijfers');
    });
  });
});
