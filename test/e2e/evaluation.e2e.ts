import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, waitForPage, waitForStatus } from './support/ui.js';

/**
 * Issue 5.4 as the coordinator: choose a two-year period, write the conclusions, download the
 * evaluation as PDF (and check the file the server sends). Unique text per run.
 */

const RUN = String(process.pid % 100_000);
const CONCLUSION = `Het aantal signalen uit Sociaal Domein nam toe na de training (${RUN}).`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('biennial evaluation (coordinator)', () => {
  it('writes the conclusions, saves them and downloads the PDF', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Evaluatie', 'Tweejaarlijkse evaluatie');
      const period = page.getByLabel('Periode', { exact: true });
      const from = Number(await period.inputValue());
      expect(from).toBeGreaterThanOrEqual(2000);
      await expectAccessible(page, 'coordinator: Evaluatie');

      // An oversized text is refused with a field error.
      await page.getByLabel('Conclusies', { exact: true }).fill('x'.repeat(10_001));
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByLabel('Conclusies', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'coordinator: Evaluatie with a field error');

      await page.getByLabel('Conclusies', { exact: true }).fill(CONCLUSION);
      await page.getByLabel('Aanbevelingen', { exact: true }).fill('Training herhalen voor Publiekszaken.');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await waitForStatus(page, `De conclusies en aanbevelingen voor ${from}–${from + 1} zijn opgeslagen.`);
      await expectAccessible(page, 'coordinator: Evaluatie saved');

      // The button downloads the file.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(download.suggestedFilename()).toBe(`evaluatie-mensenhandel-${from}-${from + 1}.pdf`);
      await waitForStatus(page, `Het bestand evaluatie-mensenhandel-${from}-${from + 1}.pdf is gedownload.`);

      // What the server sends.
      const file = await page.evaluate(async (url) => {
        const res = await fetch(url, { credentials: 'same-origin' });
        const bytes = new Uint8Array(await res.arrayBuffer());
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          disposition: res.headers.get('content-disposition'),
          cache: res.headers.get('cache-control'),
          head: String.fromCharCode(...bytes.slice(0, 5)),
          size: bytes.length,
        };
      }, `/api/evaluation/report?from=${from}&format=pdf`);
      expect(file).toMatchObject({ status: 200, type: 'application/pdf', cache: 'no-store', head: '%PDF-' });
      expect(file.disposition).toContain('attachment');
      expect(file.size).toBeGreaterThan(20_000);

      // After a reload the text is still there.
      await page.reload();
      await waitForPage(page, 'Tweejaarlijkse evaluatie');
      await expect.poll(() => page.getByLabel('Conclusies', { exact: true }).inputValue()).toBe(CONCLUSION);
    });
  });
});
