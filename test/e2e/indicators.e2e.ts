import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, poll, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 6.3 in a real browser: the info page for every employee, the reporter ticking indicators
 * on the signal form, the coordinator seeing (and adding to) them on the signal page, and the
 * coordinator maintaining the list. axe-core on every page. Parts 2 and 3 share the signal of part 1.
 */

const RUN = String(process.pid % 100_000);
const EXPLANATION = `Op de kwekerij werken mensen zonder contract, die in een caravan op het terrein slapen (${RUN}).`;
const NO_CONTRACT = 'Heeft geen arbeidscontract, of weet niet wat erin staat of wie de werkgever is.';
const HOUSING = 'Woont met veel mensen op een (te) klein adres, of op of bij de werkplek.';
const LOW_PAY = 'Verdient (veel) minder dan het minimumloon, of krijgt loon onregelmatig of helemaal niet.';
const SEX_ONLY = 'Moet veel klanten ontvangen of mag klanten of handelingen niet weigeren.';
const NEW_TEXT = `Slaapt in een caravan of loods op het bedrijfsterrein (${RUN}).`;

/** Several pages with axe checks each: more than the default minute on a loaded machine. */
const TEST_MS = 240_000;

let browser: Browser;
let signalNumber: string | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const indicatorBox = (page: Page, text: string) =>
  page.getByRole('group', { name: 'Wat heeft u gezien of gehoord?' }).getByRole('checkbox', { name: text, exact: true });

describe('1. every employee: what trafficking is; the reporter ticks indicators', () => {
  it('shows the info page to the analyst too', async () => {
    await asUser(browser, 'analist', async (page) => {
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Wat is mensenhandel?', exact: true }).waitFor({ timeout: WAIT_MS });
      await navigate(page, 'Wat is mensenhandel?');
      expect(await page.getByRole('link', { name: 'Een signaal melden' }).count()).toBe(0);
    });
  }, TEST_MS);

  it('explains the forms, smuggling, the route and whom to contact; the form offers the indicators of the chosen form', async () => {
    await asUser(browser, 'melder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Wat is mensenhandel?');
      for (const heading of ['De vier vormen van uitbuiting', 'Mensenhandel is iets anders dan mensensmokkel', 'De interne meldroute in zes stappen', 'Bij wie kunt u terecht?']) {
        await page.getByRole('heading', { level: 2, name: heading }).waitFor({ timeout: WAIT_MS });
      }
      expect(await region(page, 'De interne meldroute in zes stappen').getByRole('listitem').count()).toBe(6);
      expect(await region(page, 'Bij wie kunt u terecht?').textContent()).toContain('aandachtsfunctionaris mensenhandel');
      await expectAccessible(page, 'info page: Wat is mensenhandel?');

      await page.getByRole('link', { name: 'Een signaal melden' }).click();
      await waitForPage(page, 'Signaal melden');
      // The form links back to the info page.
      await page.getByRole('link', { name: 'Wat is mensenhandel en wat doet u met een signaal?' }).waitFor({ timeout: WAIT_MS });
      // No form chosen yet: every form's indicators.
      await indicatorBox(page, SEX_ONLY).waitFor({ timeout: WAIT_MS });
      await page.getByRole('checkbox', { name: 'Arbeidsuitbuiting', exact: true }).check();
      await poll(() => indicatorBox(page, SEX_ONLY).count(), 'sexual-only indicator gone').toBe(0);
      const work = page.getByRole('group', { name: 'Werk', exact: true });
      await work.getByRole('checkbox', { name: NO_CONTRACT, exact: true }).check();
      await page.getByRole('group', { name: 'Huisvesting', exact: true }).getByRole('checkbox', { name: HOUSING, exact: true }).check();
      await page.getByText('2 aangevinkt').waitFor({ timeout: WAIT_MS });
      await page.getByLabel('Toelichting', { exact: true }).fill(EXPLANATION);
      await expectAccessible(page, 'signal form with indicators ticked');

      await page.getByRole('button', { name: 'Signaal versturen' }).click();
      await waitForPage(page, 'Signaal verzonden');
      signalNumber = (await page.getByRole('status').getByRole('link', { name: /^MH-\d{4}-\d{4}$/ }).textContent())?.trim();
      expect(signalNumber).toMatch(/^MH-\d{4}-\d{4}$/);
    });
  }, TEST_MS);
});

describe('2. the coordinator sees the ticked indicators and adds one', () => {
  it('lists them on the signal page, by the reporter; adds a coordinator tick', async () => {
    if (!signalNumber) throw new Error('part 1 did not submit a signal');
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await page.getByRole('table', { name: 'Nieuwe signalen', exact: true }).getByRole('link', { name: signalNumber!, exact: true }).click();
      await waitForPage(page, `Signaal ${signalNumber}`);
      const section = region(page, 'Indicatoren');
      const table = section.getByRole('table', { name: 'Aangevinkte indicatoren (2)' });
      await table.waitFor({ timeout: WAIT_MS });
      for (const text of [NO_CONTRACT, HOUSING]) {
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: text }) });
        expect(await row.getByRole('cell').allTextContents()).toContain('door de melder');
      }
      await expectAccessible(page, 'signal page with indicators');

      await section.getByRole('button', { name: 'Indicatoren aanvullen' }).click();
      const form = section.getByRole('group', { name: 'Indicatoren aanvullen' });
      await form.getByRole('checkbox', { name: LOW_PAY, exact: true }).waitFor({ timeout: WAIT_MS });
      // The reporter's ticks are not offered again.
      expect(await form.getByRole('checkbox', { name: NO_CONTRACT, exact: true }).count()).toBe(0);
      await form.getByRole('checkbox', { name: LOW_PAY, exact: true }).check();
      await expectAccessible(page, 'signal page: adding indicators');
      await section.getByRole('button', { name: 'Indicatoren opslaan' }).click();
      const after = section.getByRole('table', { name: 'Aangevinkte indicatoren (3)' });
      await after.waitFor({ timeout: WAIT_MS });
      const added = after.getByRole('row').filter({ has: page.getByRole('rowheader', { name: LOW_PAY }) });
      expect(await added.getByRole('cell').allTextContents()).toContain('door de aandachtsfunctionaris');
    });
  }, TEST_MS);
});

describe('3. the coordinator maintains the list', () => {
  it('adds, edits, deactivates and reorders an indicator; a ticked one cannot be deleted', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Indicatoren');
      await expectAccessible(page, 'coordinator: Indicatoren');

      // A ticked indicator has no delete button.
      const work = page.getByRole('table', { name: /^Werk \(\d+\)$/ });
      const ticked = work.getByRole('row').filter({ has: page.getByRole('rowheader', { name: NO_CONTRACT }) });
      await ticked.waitFor({ timeout: WAIT_MS });
      expect(await ticked.getByRole('button', { name: /^Verwijderen/ }).count()).toBe(0);

      // Add: an empty form names the fields first.
      await page.getByRole('button', { name: 'Indicator toevoegen' }).click();
      await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
      await poll(() => page.getByLabel('Tekst', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'coordinator: new indicator with errors');
      await page.getByLabel('Tekst', { exact: true }).fill(`Tijdelijke tekst ${RUN}`);
      await page.getByLabel('Groep', { exact: true }).selectOption({ label: 'Huisvesting' });
      await page.getByRole('group', { name: 'Vormen van uitbuiting' }).getByRole('checkbox', { name: 'Arbeidsuitbuiting', exact: true }).check();
      await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
      await waitForStatus(page, 'De indicator is toegevoegd.');

      // Edit its text.
      const housing = page.getByRole('table', { name: /^Huisvesting \(\d+\)$/ });
      const rowOf = (text: string) => housing.getByRole('row').filter({ has: page.getByRole('rowheader', { name: text }) });
      await rowOf(`Tijdelijke tekst ${RUN}`).getByRole('button', { name: /^Bewerken/ }).click();
      await page.getByLabel('Tekst', { exact: true }).fill(NEW_TEXT);
      await expectAccessible(page, 'coordinator: edit indicator');
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await waitForStatus(page, 'De indicator is opgeslagen.');
      const row = rowOf(NEW_TEXT);
      await row.waitFor({ timeout: WAIT_MS });

      // Move it up (it was last of its group).
      const headers = async () => housing.getByRole('rowheader').allTextContents();
      const before = await headers();
      expect(before.at(-1)).toContain(NEW_TEXT);
      await row.getByRole('button', { name: /^Omhoog/ }).click();
      await waitForStatus(page, 'De volgorde is aangepast.');
      await poll(async () => (await headers()).at(-2)).toContain(NEW_TEXT);

      // Deactivate.
      await row.getByRole('button', { name: /^Deactiveren/ }).click();
      await waitForStatus(page, 'De indicator is niet meer in gebruik.');
      await poll(() => row.getByRole('cell').nth(1).textContent()).toBe('Nee');
      await row.getByRole('button', { name: /^Activeren/ }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'coordinator: Indicatoren after changes');

      // The counts page.
      await navigate(page, 'Indicatoren in cijfers', 'Aangevinkte indicatoren per jaar');
      await page.getByRole('table', { name: /^Aangevinkte indicatoren bij signalen uit \d{4}$/ }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'coordinator: indicator counts');
    });
  }, TEST_MS);
});
