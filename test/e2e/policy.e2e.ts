import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, poll, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 5 points 5–7 as the coordinator: an activity in the implementation plan (viewed per
 * ambition and per pillar, then carried over), a training session with its reach per department,
 * and an intervention linked to a signal. Unique titles per run.
 */

const RUN = String(process.pid % 100_000);
const TITLE = `Voorlichting kappers en nagelstudio's ${RUN}`;
const TOPIC = `Signalen van seksuele uitbuiting ${RUN}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The row of a table whose row header has this text. */
const rowOf = (page: Page, table: string, header: string) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: header }) });

describe('implementation plan, training and interventions (coordinator)', () => {
  it('adds an activity, switches to the view per pillar and carries the open activities over', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Uitvoeringsplan');
      const period = page.getByLabel('Periode', { exact: true });
      const current = await period.inputValue();
      const start = Number(current);
      await expectAccessible(page, 'coordinator: Uitvoeringsplan');

      // An empty form: the required fields are named.
      await page.getByRole('button', { name: 'Activiteit toevoegen' }).click();
      await page.getByRole('button', { name: 'Activiteit toevoegen' }).last().click();
      await poll(() => page.getByLabel('Activiteit', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Ambitie', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'coordinator: Uitvoeringsplan, activity form with errors');

      await page.getByLabel('Activiteit', { exact: true }).fill(TITLE);
      await page.getByLabel('Ambitie', { exact: true }).selectOption({ label: '1. Signaleren, melden en slachtofferschap terugdringen' });
      await page.getByLabel('Pijler', { exact: true }).selectOption({ label: 'Aandacht en bewustwording' });
      await page.getByLabel('Eigenaar', { exact: true }).fill('Team OOV');
      await page.getByLabel('Startdatum').fill(`${start}-03-01`);
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Gestart' });
      await page.getByRole('button', { name: 'Activiteit toevoegen' }).last().click();
      await waitForStatus(page, `Activiteit „${TITLE}” is toegevoegd.`);
      const byAmbition = '1. Signaleren, melden en slachtofferschap terugdringen (1 activiteiten)';
      await rowOf(page, byAmbition, TITLE).waitFor({ timeout: WAIT_MS });
      expect(await rowOf(page, byAmbition, TITLE).getByRole('cell').allTextContents()).toEqual(
        expect.arrayContaining(['Aandacht en bewustwording', 'Team OOV', 'Gestart']),
      );

      // The view per pillar.
      await page.getByLabel('Per pijler').check();
      const byPillar = 'Aandacht en bewustwording (1 activiteiten)';
      await rowOf(page, byPillar, TITLE).waitFor({ timeout: WAIT_MS });
      expect(await page.getByRole('heading', { level: 2, name: 'Opvang en hulp voor slachtoffers en daders' }).count()).toBe(1);
      expect(await rowOf(page, byPillar, TITLE).getByRole('cell').first().textContent()).toBe('1. Signaleren, melden en slachtofferschap terugdringen');
      await expectAccessible(page, 'coordinator: Uitvoeringsplan per pijler');

      // Carry over, with a confirmation step.
      const next = `${start + 2}–${start + 3}`;
      await page.getByRole('button', { name: `Open activiteiten overzetten naar ${next}` }).click();
      await region(page, `Open activiteiten overzetten naar ${next}?`).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'coordinator: Uitvoeringsplan, carry-over confirmation');
      await page.getByRole('button', { name: 'Ja, overzetten' }).click();
      await waitForStatus(page, `activiteiten overgezet naar ${next}`);
      await poll(() => page.getByRole('rowheader', { name: TITLE }).textContent()).toContain(`overgezet naar ${next}`);

      // The next period holds the copy.
      await period.selectOption(String(start + 2));
      await poll(() => page.getByRole('rowheader').filter({ hasText: TITLE }).first().textContent()).toContain('overgezet uit de vorige periode');
      expect(await page.getByRole('rowheader').filter({ hasText: TITLE }).count()).toBe(1);
      await expectAccessible(page, 'coordinator: Uitvoeringsplan, the next period');
    });
  });

  it('registers a training session and shows the reach per department', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Bewustwording en training');
      await expectAccessible(page, 'coordinator: Bewustwording en training');
      const reach = page.getByRole('table', { name: /^Bereik per afdeling tot en met/ });
      await reach.waitFor({ timeout: WAIT_MS });
      const department = 'Burgerzaken / Dienstverlening';
      const row = reach.getByRole('row').filter({ has: page.getByRole('rowheader', { name: department }) });
      const before = Number(await row.getByRole('cell').first().textContent());

      await page.getByRole('button', { name: 'Training registreren' }).click();
      const today = new Date().toISOString().slice(0, 10);
      await page.getByLabel('Datum', { exact: true }).fill(today);
      await page.getByLabel(/^Aanbieder/).fill('CoMensha');
      await page.getByLabel('Onderwerp', { exact: true }).fill(TOPIC);
      await page.getByLabel('Seksuele uitbuiting').check();
      await page.getByLabel(`Deelnemers van ${department}`).fill('nul');
      await page.getByRole('button', { name: 'Training registreren' }).last().click();
      await poll(() => page.getByLabel(`Deelnemers van ${department}`).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'coordinator: training form with errors');

      await page.getByLabel(`Deelnemers van ${department}`).fill('7');
      await page.getByRole('button', { name: 'Training registreren' }).last().click();
      await waitForStatus(page, `Training „${TOPIC}” is geregistreerd.`);
      const session = page.getByRole('table', { name: /^Trainingen/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: TOPIC }) });
      expect(await session.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['CoMensha', 'Seksuele uitbuiting', `${department} (7)`, '7']));
      await poll(async () => Number(await row.getByRole('cell').first().textContent())).toBe(before + 7);
      expect(await row.getByRole('cell').nth(2).textContent()).not.toBe('Niet getraind');
      await expectAccessible(page, 'coordinator: Bewustwording en training with a session');
    });
  });

  it('records an intervention linked to a signal', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      const number = await page.evaluate(async () => {
        const list = (await (await fetch('/api/signals')).json()) as { number: string }[];
        return list[0]!.number;
      });
      await navigate(page, 'Interventies');
      await expectAccessible(page, 'coordinator: Interventies');
      const counts = page.getByRole('table', { name: /^Interventies per soort/ });
      await counts.waitFor({ timeout: WAIT_MS });
      const closures = counts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sluiting pand' }) });
      const closuresBefore = Number(await closures.getByRole('cell').textContent());

      await page.getByRole('button', { name: 'Interventie vastleggen' }).click();
      await page.getByLabel('Soort interventie').selectOption({ label: 'Sluiting pand' });
      await page.getByLabel('Datum besluit').fill(new Date().toISOString().slice(0, 10));
      await page.getByLabel(/^Juridische grondslag/).fill('Art. 13b Opiumwet');
      // An unknown number first: the server names it.
      await page.getByLabel(/^Signaalnummers/).fill(`${number}, MH-2099-9999`);
      await page.getByLabel(/^Resultaat/).fill('Pand drie maanden gesloten');
      await page.getByRole('button', { name: 'Interventie vastleggen' }).last().click();
      await poll(() => page.getByLabel(/^Signaalnummers/).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('alert').first().textContent()).toContain('MH-2099-9999: Er is geen signaal met dit nummer.');
      await expectAccessible(page, 'coordinator: intervention form with an unknown signal number');

      await page.getByLabel(/^Signaalnummers/).fill(number);
      await page.getByRole('button', { name: 'Interventie vastleggen' }).last().click();
      await waitForStatus(page, 'De interventie (Sluiting pand) is vastgelegd.');
      const row = page.getByRole('table', { name: /^Interventies \(/ }).getByRole('row').filter({ hasText: number });
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Art. 13b Opiumwet', number, 'Pand drie maanden gesloten']));
      await poll(async () => Number(await closures.getByRole('cell').textContent())).toBe(closuresBefore + 1);
      await expectAccessible(page, 'coordinator: Interventies with an intervention');
    });
  });

  it('lets the analyst read the plan and the intervention counts, without changing anything', async () => {
    await asUser(browser, 'analist', async (page) => {
      await waitForPage(page, 'Cijfers');
      await navigate(page, 'Interventies');
      await page.getByRole('table', { name: /^Interventies per soort/ }).waitFor({ timeout: WAIT_MS });
      expect(await page.getByRole('button', { name: 'Interventie vastleggen' }).count()).toBe(0);
      expect(await page.getByRole('table', { name: /^Interventies \(/ }).count()).toBe(0);
      await expectAccessible(page, 'analyst: Interventies');
      await navigate(page, 'Uitvoeringsplan');
      expect(await page.getByRole('button', { name: 'Activiteit toevoegen' }).count()).toBe(0);
      await expectAccessible(page, 'analyst: Uitvoeringsplan');
    });
  });
});
