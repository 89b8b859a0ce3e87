import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { accessibleDescription, navigate, openAction, poll, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 6.1 in a real browser: a reporter submits a signal with two persons; the coordinator marks it
 * for the meeting, creates a series with the demo liaison and a guest, plans a meeting, puts the signal
 * on the agenda (sharing one person) with a topic, reorders and publishes it. The liaison reads the
 * pseudonymised agenda: the number, the summary and the shared person, never the other person or the
 * reporter. The coordinator minutes the item, gives the liaison an action item and makes the minutes
 * final; the liaison marks the action done under "Mijn actiepunten". axe-core on every page. Each part
 * depends on the one before.
 */

const RUN = String(process.pid % 100_000);
const REPORTER = 'Mila Jansen';
const SHARED = `Karel Werkgever${RUN}`;
const UNSHARED = `Truus Geheim${RUN}`;
const EXPLANATION = `In de kas werken mensen zonder pauze; de uitzendkracht zegt dat zijn paspoort is ingenomen (${RUN}).`;
const NOTE = `Bespreken met de wijkagent (${RUN}).`;
const SUMMARY = `Mogelijke arbeidsuitbuiting in een kwekerij; politie gevraagd het bedrijf te checken (${RUN}).`;
const SERIES = `Lokaal ondermijningsoverleg ${RUN}`;
const GUEST = { name: 'Gerda Wijkagent', organisation: 'Politie Midden-Nederland' };
const TOPIC = `Voorlichting huisvesting arbeidsmigranten ${RUN}`;
const MINUTES = 'De politie kent het bedrijf; er loopt al een controle.';
const DECISION = 'Doorverwijzen naar de Nederlandse Arbeidsinspectie.';
const ACTION = `Navragen bij team Vergunningen (${RUN})`;

/** Several pages with axe checks each: more than the default minute on a loaded machine. */
const TEST_MS = 240_000;

function isoDate(daysFromToday: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let browser: Browser;
let signalNumber: string | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

function requireNumber(): string {
  if (!signalNumber) throw new Error('part 1 did not submit a signal; this part depends on it');
  return signalNumber;
}

/** From the Overleggen page to the meeting of the test's series in the table with this caption. */
async function openMeeting(page: Page, table: string): Promise<void> {
  const row = page.getByRole('table', { name: table, exact: true }).getByRole('row').filter({ hasText: SERIES });
  await row.waitFor({ timeout: WAIT_MS });
  await row.getByRole('link').first().click();
  await waitForPage(page, new RegExp(`^${SERIES}, `));
}

const agendaHeadings = (page: Page) => region(page, 'Agenda').getByRole('heading', { level: 3 }).allTextContents();
const item = (page: Page, name: RegExp): Locator => region(page, 'Agenda').getByRole('region', { name });

describe('1. a reporter submits a signal with two persons', () => {
  it('submits it', async () => {
    await asUser(browser, 'melder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Signaal melden');
      await page.getByLabel('Toelichting', { exact: true }).fill(EXPLANATION);
      await page.getByRole('checkbox', { name: 'Arbeidsuitbuiting', exact: true }).check();
      for (const [i, [name, role]] of [
        [SHARED, 'werkgever'],
        [UNSHARED, 'buurvrouw'],
      ].entries()) {
        await page.getByRole('button', { name: 'Persoon toevoegen' }).click();
        const person = page.getByRole('group', { name: `Persoon ${i + 1}`, exact: true });
        await person.getByLabel('Volledige naam').fill(name!);
        await person.getByLabel('Hoedanigheid of rol').fill(role!);
      }
      await page.getByRole('button', { name: 'Signaal versturen' }).click();
      await waitForPage(page, 'Signaal verzonden');
      signalNumber = (await page.getByRole('status').getByRole('link', { name: /^MH-\d{4}-\d{4}$/ }).textContent())?.trim();
      expect(signalNumber).toMatch(/^MH-\d{4}-\d{4}$/);
    });
  }, TEST_MS);
});

describe('2. the coordinator prepares the meeting', () => {
  it('marks the signal, creates a series, plans a meeting, builds and publishes the agenda', async () => {
    const number = requireNumber();
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      // The worklist has the coordinator's own action items too (none yet).
      await region(page, 'Mijn actiepunten').getByText('U heeft geen actiepunten.').waitFor({ timeout: WAIT_MS });

      // Mark the signal for the meeting (step 3 of the signal page).
      await page.getByRole('table', { name: 'Nieuwe signalen', exact: true }).getByRole('link', { name: number, exact: true }).click();
      await waitForPage(page, `Signaal ${number}`);
      const record = region(page, 'Stap 3: registreren en verrijken');
      await record.getByRole('button', { name: 'Registreren', exact: true }).click();
      await waitForStatus(page, 'Het signaal is geregistreerd.');
      await openAction(record, 'Agenderen voor het overleg', (s) => s.getByLabel('Notitie voor het overleg'));
      await record.getByLabel('Notitie voor het overleg').fill(NOTE);
      await record.getByRole('button', { name: 'Agenderen', exact: true }).click();
      await waitForStatus(page, 'Het signaal staat op de agenda van het overleg.');

      // A new series: first refused field by field, then saved.
      await navigate(page, 'Overleggen');
      await expectAccessible(page, 'coordinator: Overleggen');
      await page.getByRole('button', { name: 'Overlegreeks toevoegen' }).click();
      const name = page.getByLabel('Naam van het overleg');
      await name.waitFor({ timeout: WAIT_MS });
      await page.getByLabel('Duur (in minuten)').fill('5');
      await page.getByRole('button', { name: 'Overlegreeks opslaan' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Controleer de volgende velden:' });
      await summary.waitFor({ timeout: WAIT_MS });
      await poll(() => name.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Eerste datum').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Duur (in minuten)').getAttribute('aria-invalid')).toBe('true');
      expect(await accessibleDescription(page.getByLabel('Duur (in minuten)'))).toContain('Van 15 tot 480 minuten.');
      await expectAccessible(page, 'coordinator: series form with errors');

      await name.fill(SERIES);
      await page.getByRole('group', { name: 'Ritme' }).getByRole('radio', { name: 'Elke 4 weken' }).check();
      await page.getByLabel('Eerste datum').fill(isoDate(0));
      await page.getByLabel('Begintijd').fill('10:00');
      await page.getByLabel('Duur (in minuten)').fill('90');
      await page.getByLabel(/^Plaats/).fill('Gemeentehuis, kamer 2');
      await page.getByRole('group', { name: 'Deelnemers uit Meldroute' }).getByRole('checkbox', { name: /^Sanne Bakker \(demo\)/ }).check();
      await page.getByRole('button', { name: 'Gast toevoegen' }).click();
      const guest = page.getByRole('group', { name: 'Gast 1', exact: true });
      await guest.getByLabel('Naam').fill(GUEST.name);
      await guest.getByLabel('Organisatie').fill(GUEST.organisation);
      await expectAccessible(page, 'coordinator: series form filled in');
      await page.getByRole('button', { name: 'Overlegreeks opslaan' }).click();
      await waitForStatus(page, `De overlegreeks ‘${SERIES}’ is toegevoegd.`);
      const series = region(page, SERIES);
      await poll(() => series.textContent()).toContain(`${GUEST.name} (${GUEST.organisation}, gast)`);
      expect(await series.textContent()).toContain('Sanne Bakker (demo) (taakaccenthouder)');
      expect(await series.textContent()).toContain('Elke 4 weken');

      // Plan the next meeting: the meeting page opens, a draft.
      await series.getByRole('button', { name: 'Volgend overleg plannen' }).click();
      await waitForPage(page, new RegExp(`^${SERIES}, `));
      await waitForStatus(page, 'is gepland');
      expect(await page.getByText('Concept', { exact: true }).count()).toBe(1);

      // This one meeting moves to another room (the series keeps its place).
      await openAction(page.locator('main'), 'Datum, tijd of plaats van dit overleg wijzigen', (s) => s.getByLabel('Plaats'));
      await page.locator('main').getByLabel('Plaats').fill('Raadzaal');
      await page.getByRole('button', { name: 'Wijzigingen opslaan' }).first().click();
      await waitForStatus(page, 'De gegevens van het overleg zijn gewijzigd.');
      expect(await page.locator('main').textContent()).toContain('Raadzaal');

      // The signal: the coordinator's note prefills the summary; the reporter is never offered.
      const candidate = region(region(page, 'Signalen voor dit overleg'), `Signaal ${number}`);
      const summaryField = candidate.getByLabel('Samenvatting voor het overleg');
      await summaryField.waitFor({ timeout: WAIT_MS });
      expect(await summaryField.inputValue()).toBe(NOTE);
      expect(await accessibleDescription(summaryField)).toContain('de melder wordt nooit getoond');
      const share = candidate.getByRole('group', { name: 'Betrokkenen delen met de deelnemers' });
      expect(await share.getByRole('checkbox').count()).toBe(2);
      expect(await candidate.textContent()).not.toContain(REPORTER);
      await summaryField.fill(SUMMARY);
      await share.getByRole('checkbox', { name: `${SHARED} (werkgever)` }).check();
      await expectAccessible(page, 'coordinator: draft meeting with a candidate signal');
      await candidate.getByRole('button', { name: `Signaal ${number} op de agenda zetten` }).click();
      await waitForStatus(page, `Signaal ${number} staat op de agenda.`);

      // A topic: the title is required.
      const topic = region(page, 'Ander onderwerp toevoegen');
      await topic.getByRole('button', { name: 'Onderwerp op de agenda zetten' }).click();
      await poll(() => topic.getByLabel('Onderwerp').getAttribute('aria-invalid')).toBe('true');
      await topic.getByLabel('Onderwerp').fill(TOPIC);
      await topic.getByRole('button', { name: 'Onderwerp op de agenda zetten' }).click();
      await waitForStatus(page, `‘${TOPIC}’ staat op de agenda.`);
      await poll(() => agendaHeadings(page)).toEqual([`1. Signaal ${number}`, `2. ${TOPIC}`]);

      // Reorder with the keyboard: the topic first; focus stays on a move button of the topic.
      const up = page.getByRole('button', { name: `Omhoog ${TOPIC}` });
      await up.focus();
      await page.keyboard.press('Enter');
      await poll(() => agendaHeadings(page)).toEqual([`1. ${TOPIC}`, `2. Signaal ${number}`]);
      await poll(() => page.getByRole('button', { name: `Omlaag ${TOPIC}` }).evaluate((el) => el === document.activeElement)).toBe(true);
      const signalItem = item(page, new RegExp(`^2\\. Signaal ${number}$`));
      expect(await signalItem.textContent()).toContain(`${SHARED} (werkgever)`);
      expect(await signalItem.textContent()).not.toContain(UNSHARED);
      await expectAccessible(page, 'coordinator: draft agenda');

      // Publish, after a confirmation.
      await page.getByRole('button', { name: 'Agenda publiceren' }).click();
      await page.getByRole('button', { name: 'Ja, agenda publiceren' }).click();
      await waitForStatus(page, 'De agenda is gepubliceerd.');
      await page.getByText('Agenda gepubliceerd', { exact: true }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'coordinator: published meeting with minutes forms');
    });
  }, TEST_MS);
});

describe('3. the participant reads the pseudonymised agenda', () => {
  it('shows the number, the summary and the shared person; never the other person or the reporter', async () => {
    const number = requireNumber();
    await asUser(browser, 'taakaccenthouder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Overleggen');
      await region(page, 'Mijn actiepunten').getByText('U heeft geen actiepunten.').waitFor({ timeout: WAIT_MS });
      expect(await page.getByRole('button', { name: 'Overlegreeks toevoegen' }).count()).toBe(0);
      await expectAccessible(page, 'liaison: Overleggen');

      await openMeeting(page, 'Komende overleggen');
      const signalItem = item(page, new RegExp(`^2\\. Signaal ${number}$`));
      await signalItem.waitFor({ timeout: WAIT_MS });
      const text = (await signalItem.textContent()) ?? '';
      expect(text).toContain(SUMMARY);
      expect(text).toContain('Arbeidsuitbuiting');
      expect(text).toContain(`${SHARED} (werkgever)`);
      expect(await agendaHeadings(page)).toEqual([`1. ${TOPIC}`, `2. Signaal ${number}`]);
      const html = await page.content();
      for (const secret of [UNSHARED, REPORTER, EXPLANATION, NOTE]) expect(html, secret).not.toContain(secret);
      // Read-only: no agenda or minutes controls; the PDF is there.
      for (const button of ['Agenda publiceren', 'Verslag opslaan', `Omhoog ${TOPIC}`]) expect(await page.getByRole('button', { name: button }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'PDF downloaden' }).getAttribute('href')).toMatch(/^\/api\/meetings\/[0-9a-f-]{36}\/pdf$/);
      await expectAccessible(page, 'liaison: published agenda');
    });
  }, TEST_MS);
});

describe('4. the coordinator minutes the meeting', () => {
  it('records minutes and a decision, gives the participant an action item, and makes the minutes final', async () => {
    const number = requireNumber();
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      await navigate(page, 'Overleggen');
      await openMeeting(page, 'Komende overleggen');
      const signalItem = item(page, new RegExp(`^2\\. Signaal ${number}$`));
      await signalItem.getByLabel(/^Verslag/).fill(MINUTES);
      await signalItem.getByLabel(/^Besluit/).fill(DECISION);
      await signalItem.getByRole('button', { name: 'Verslag opslaan' }).click();
      await waitForStatus(page, `Het verslag van ‘Signaal ${number}’ is opgeslagen.`);

      await openAction(signalItem, `Actiepunt toevoegen bij ‘Signaal ${number}’`, (s) => s.getByLabel('Eigenaar'));
      // Without an owner and date: refused field by field.
      await signalItem.getByLabel('Actiepunt', { exact: true }).fill(ACTION);
      await signalItem.getByRole('button', { name: 'Actiepunt toevoegen', exact: true }).click();
      await poll(() => signalItem.getByLabel('Eigenaar').getAttribute('aria-invalid')).toBe('true');
      expect(await signalItem.getByLabel('Uiterlijk klaar op').getAttribute('aria-invalid')).toBe('true');
      const owners = await signalItem.getByLabel('Eigenaar').getByRole('option').allTextContents();
      expect(owners).toContain('Sanne Bakker (demo)');
      expect(owners).toContain('Noor Visser (demo)');
      await expectAccessible(page, 'coordinator: action form with errors');
      await signalItem.getByLabel('Eigenaar').selectOption({ label: 'Sanne Bakker (demo)' });
      await signalItem.getByLabel('Uiterlijk klaar op').fill(isoDate(14));
      await signalItem.getByRole('button', { name: 'Actiepunt toevoegen', exact: true }).click();
      await waitForStatus(page, `Het actiepunt ‘${ACTION}’ is toegevoegd.`);
      const actions = signalItem.getByRole('table', { name: `Actiepunten bij ‘Signaal ${number}’` });
      await poll(() => actions.textContent()).toContain(ACTION);
      expect(await actions.textContent()).toContain('Sanne Bakker (demo)');
      await expectAccessible(page, 'coordinator: minutes and an action item');

      await page.getByRole('button', { name: 'Verslag definitief maken' }).click();
      await page.getByRole('button', { name: 'Ja, verslag definitief maken' }).click();
      await waitForStatus(page, 'Het verslag is definitief. Het overleg is gehouden.');
      await page.getByText('Gehouden', { exact: true }).waitFor({ timeout: WAIT_MS });
      expect(await signalItem.textContent()).toContain(DECISION);
      expect(await page.getByRole('button', { name: 'Verslag opslaan' }).count()).toBe(0);
      await expectAccessible(page, 'coordinator: held meeting');

      // The signal's history tells the story.
      await signalItem.getByRole('link', { name: `Signaal ${number} openen` }).click();
      await waitForPage(page, `Signaal ${number}`);
      const history = region(page, 'Geschiedenis');
      for (const label of ['Geagendeerd in overleg', 'Actiepunt uit overleg', 'Besproken in overleg']) await poll(() => history.textContent()).toContain(label);
      expect(await history.textContent()).toContain(ACTION);
    });
  }, TEST_MS);
});

describe('5. the participant finishes the action item', () => {
  it('sees it under "Mijn actiepunten" and marks it done; the held meeting shows the decision', async () => {
    await asUser(browser, 'taakaccenthouder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Overleggen');
      const mine = region(page, 'Mijn actiepunten');
      const row = mine.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ACTION }) });
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.textContent()).toContain(requireNumber());
      expect(await row.textContent()).toContain('Open');
      expect(await row.textContent()).not.toContain('Te laat');
      await expectAccessible(page, 'liaison: Mijn actiepunten');

      await row.getByRole('button', { name: `Klaar ${ACTION}` }).click();
      await waitForStatus(page, `Het actiepunt ‘${ACTION}’ is klaar.`);
      await row.getByRole('button', { name: `Heropenen ${ACTION}` }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'liaison: action item done');

      await row.getByRole('link').click();
      await waitForPage(page, new RegExp(`^${SERIES}, `));
      await page.getByText('Gehouden', { exact: true }).waitFor({ timeout: WAIT_MS });
      expect(await region(page, 'Agenda').textContent()).toContain(DECISION);
      expect(await page.content()).not.toContain(UNSHARED);
      await expectAccessible(page, 'liaison: held meeting with minutes');
    });
  }, TEST_MS);
});
