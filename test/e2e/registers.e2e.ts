import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, poll, region, valueOf, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Register imports (docs/registers.md): the admin checks a small BAG extract (a dry run that rejects
 * one row), applies the valid rows, and sees the register's new count. Unique BAG ids per run, so
 * it holds whatever ran before.
 */

const id = (n: number) => `0331${String(process.pid % 1_000_000).padStart(6, '0')}${String(n).padStart(6, '0')}`;
const CSV = [
  'nummeraanduiding_id;openbareruimte;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;gebruiksdoel',
  `${id(1)};Dorpsstraat;1;;;3411 AB;Lopik;Lopik;woonfunctie`,
  `${id(2)};Dorpsstraat;2;A;;3411AB;Lopik;Lopik;woonfunctie`,
  `${id(3)};Dorpsstraat;3;;;0000 XY;Lopik;Lopik;woonfunctie`,
].join('\r\n');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('registers (admin)', () => {
  it('checks a BAG extract with one rejected row, applies the valid rows only, and shows the new count', async () => {
    await asUser(browser, 'beheerder', async (page) => {
      await waitForPage(page, 'Gebruikers');
      await navigate(page, 'Registers');
      const table = page.getByRole('table', { name: 'Registers van de gemeente' });
      await table.waitFor({ timeout: WAIT_MS });
      const bagRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'BAG (adressen)' }) });
      const countBefore = Number((await bagRow.getByRole('cell').first().textContent())!.replace(/\D/g, ''));
      await expectAccessible(page, 'admin: Registers');

      // Check without a file: both fields are named.
      await page.getByRole('button', { name: 'Bestand controleren' }).click();
      await poll(() => page.getByLabel('Register', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('CSV-bestand').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'admin: Registers, upload form with errors');

      // A dry run: one row rejected, nothing to apply yet.
      await page.getByLabel('Register', { exact: true }).selectOption({ label: 'BAG (adressen)' });
      await page.getByLabel('CSV-bestand').setInputFiles({ name: 'bag.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
      await page.getByRole('button', { name: 'Bestand controleren' }).click();
      const report = region(page, 'Resultaat van de controle: BAG (adressen)');
      await report.waitFor({ timeout: WAIT_MS });
      expect(await valueOf(report, 'Regels gelezen')).toBe('3');
      expect(await valueOf(report, 'Geldige regels')).toBe('2');
      expect(await valueOf(report, 'Afgekeurde regels')).toBe('1');
      const rejected = report.getByRole('table', { name: 'Afgekeurde regels' });
      const cells = await rejected.getByRole('row').nth(1).getByRole('cell').allTextContents();
      expect(cells[0]).toBe('4');
      expect(cells[1]).toBe('postcode');
      expect(cells[2]).toMatch(/postcode/);
      expect(cells[2], 'the reason does not repeat the value').not.toContain('0000 XY');
      expect(await report.getByRole('button', { name: 'Toepassen' }).count()).toBe(0);
      await expectAccessible(page, 'admin: Registers, dry run with a rejected row');

      // "Alleen geldige regels toepassen": check again, then apply.
      await page.getByLabel('Alleen geldige regels toepassen').check();
      await report.waitFor({ state: 'detached', timeout: WAIT_MS });
      await page.getByRole('button', { name: 'Bestand controleren' }).click();
      await report.getByRole('button', { name: 'Toepassen' }).waitFor({ timeout: WAIT_MS });
      expect(await valueOf(report, 'Nieuw')).toBe('2');
      await expectAccessible(page, 'admin: Registers, ready to apply');
      await report.getByRole('button', { name: 'Toepassen' }).click();
      await waitForStatus(page, 'BAG (adressen) is bijgewerkt');
      await poll(async () => Number((await bagRow.getByRole('cell').first().textContent())!.replace(/\D/g, ''))).toBe(countBefore + 2);
      expect(await bagRow.getByRole('cell').nth(1).textContent()).not.toBe('Nog niet ingelezen');
      await expectAccessible(page, 'admin: Registers after the import');
    });
  });
});
