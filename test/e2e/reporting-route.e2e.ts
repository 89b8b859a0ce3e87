import { readFile } from 'node:fs/promises';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { accessibleDescription, navigate, openAction, poll, region, valueOf, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * The six-step reporting route in a real browser, with axe-core on every page
 * and state seen on the way. Parts run in order and share the new signal's
 * number: part 1 creates it, part 2 takes it through steps 2–6, part 4 shows
 * the result to the reporter. Part 3 (consultation) uses demo signal 0001, so
 * it does not depend on the others. Part 5 (an access request) submits a signal of its
 * own after part 1, so that part 1 keeps its number.
 */

const REPORTER_NAME = 'Mila Jansen';
const NLA = 'Nederlandse Arbeidsinspectie (NLA)';
const MELDCODE = 'Aandachtsfunctionaris meldcode';
const EXPLANATION =
  'Bij de balie meldde zich een man voor een verhuizing naar een adres waar al elf arbeidsmigranten staan ingeschreven. Hij had geen eigen paspoort bij zich.';
const PERSON = { name: 'Jan Voorbeeld', phone: '06 12345678' };
const ADDRESS = { postcode: '3411 AB', houseNumber: '12' };
const ENRICHMENT = 'Op dit adres staan elf personen ingeschreven; eerder een controle door Toezicht en Handhaving.';
const PARTNER_FEEDBACK = 'De Arbeidsinspectie heeft het bedrijf bezocht en een onderzoek gestart.';
const REPORTER_FEEDBACK = 'Je signaal is doorgezet naar de Arbeidsinspectie. Dank je wel!';
const ADVICE = 'Geen melding bij Veilig Thuis nodig: de zorgcoördinator pakt het op.';

let browser: Browser;
/** The number of the signal part 1 submits (a new one: after the five demo signals). */
let signalNumber: string | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

function requireNumber(): string {
  if (!signalNumber) throw new Error('part 1 did not submit a signal; this part depends on it');
  return signalNumber;
}

/** A table row by the signal number it links to. */
function rowOf(table: Locator, number: string): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('link', { name: number, exact: true }) });
}

describe('1. a reporter submits a signal', () => {
  it('shows validation errors accessibly, then confirms the signal and lists it as received', async () => {
    await asUser(browser, 'melder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Signaal melden');
      await expectAccessible(page, 'signal form (empty)');

      // Submitted without an explanation: error summary (focused) and inline message.
      await page.getByRole('button', { name: 'Signaal versturen' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Controleer de volgende velden:' });
      await summary.waitFor({ timeout: WAIT_MS });
      const message = 'Beschrijf kort wat u heeft gezien of gehoord.';
      await summary.getByRole('link', { name: message }).waitFor();
      await poll(() => summary.evaluate((el) => el === document.activeElement), 'error summary has focus').toBe(true);
      const explanation = page.getByLabel('Toelichting', { exact: true });
      expect(await explanation.getAttribute('aria-invalid')).toBe('true');
      expect(await accessibleDescription(explanation)).toContain(message);
      await expectAccessible(page, 'signal form with validation errors');

      // The summary's link leads to the field.
      await summary.getByRole('link', { name: message }).click();
      await poll(() => explanation.evaluate((el) => el === document.activeElement), 'explanation field has focus').toBe(true);

      // Fill in the signal.
      await explanation.fill(EXPLANATION);
      await page.getByRole('checkbox', { name: 'Arbeidsuitbuiting', exact: true }).check();
      await page
        .getByRole('group', { name: 'Is er een (mogelijk) slachtoffer bij betrokken?' })
        .getByRole('radio', { name: 'Ja', exact: true })
        .check();
      await page.getByRole('button', { name: 'Persoon toevoegen' }).click();
      const person = page.getByRole('group', { name: 'Persoon 1', exact: true });
      await person.getByLabel('Volledige naam').fill(PERSON.name);
      await person.getByLabel('Telefoonnummer').fill(PERSON.phone);
      await page.getByRole('button', { name: 'Adres toevoegen' }).click();
      const address = page.getByRole('group', { name: 'Adres 1', exact: true });
      await address.getByLabel('Postcode').fill(ADDRESS.postcode);
      await address.getByLabel('Huisnummer').fill(ADDRESS.houseNumber);
      await expectAccessible(page, 'signal form (filled in)');

      await page.getByRole('button', { name: 'Signaal versturen' }).click();
      await waitForPage(page, 'Signaal verzonden');
      const numberLink = page.getByRole('status').getByRole('link', { name: /^MH-\d{4}-\d{4}$/ });
      signalNumber = (await numberLink.textContent())?.trim();
      expect(signalNumber).toMatch(/^MH-\d{4}-\d{4}$/);
      expect(Number(signalNumber!.slice(-4))).toBeGreaterThan(5);
      await expectAccessible(page, 'confirmation');

      await navigate(page, 'Mijn signalen');
      const row = rowOf(page.getByRole('table', { name: 'Uw signalen, nieuwste eerst' }), signalNumber!);
      await row.waitFor({ timeout: WAIT_MS });
      // Columns: received, observed, status, feedback.
      expect(await row.getByRole('cell').nth(2).textContent()).toBe('Ontvangen');
      expect(await row.getByRole('cell').nth(3).textContent()).toBe('Nog niet');
      await expectAccessible(page, 'Mijn signalen with the new signal');
    });
  });
});

describe('2. the coordinator takes the signal through steps 2–6', () => {
  it('registers, enriches, refers, records feedback, informs the reporter and closes', async () => {
    const number = requireNumber();
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      const newSignals = page.getByRole('table', { name: 'Nieuwe signalen', exact: true });
      await rowOf(newSignals, number).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'worklist');

      // Step 2: the coordinator receives it and sees who reported it.
      await newSignals.getByRole('link', { name: number, exact: true }).click();
      await waitForPage(page, `Signaal ${number}`);
      const reporter = region(page, 'Melder (alleen zichtbaar voor u)');
      await poll(() => reporter.textContent()).toContain(`${REPORTER_NAME} (demo)`);
      const content = region(page, 'Het signaal');
      expect(await content.textContent()).toContain(EXPLANATION);
      const persons = await content.getByRole('table', { name: 'Betrokken personen' }).textContent();
      expect(persons).toContain(PERSON.name);
      expect(persons).toContain(PERSON.phone);
      expect(await content.textContent()).toContain(`${ADDRESS.postcode} ${ADDRESS.houseNumber}`);
      await expectAccessible(page, 'signal page (received)');

      // Step 3: register and enrich.
      const record = region(page, 'Stap 3: registreren en verrijken');
      await record.getByRole('button', { name: 'Registreren', exact: true }).click();
      await waitForStatus(page, 'Het signaal is geregistreerd.');
      await poll(() => record.textContent()).toContain('Geregistreerd op');
      await openAction(record, 'Verrijking toevoegen', (s) => s.getByLabel('Bronsysteem'));
      await expectAccessible(page, 'signal page, enrichment form open');
      await record.getByLabel('Afdeling').selectOption({ label: 'Toezicht en Handhaving' });
      await record.getByLabel('Bronsysteem').fill('BRP');
      await record.getByLabel('Bevinding').fill(ENRICHMENT);
      await record.getByRole('button', { name: 'Verrijking opslaan' }).click();
      await waitForStatus(page, 'De verrijking is toegevoegd.');
      await poll(() => record.textContent()).toContain(ENRICHMENT);

      // Step 4: refer to the suggested partner for labour exploitation, sharing only the explanation.
      const refer = region(page, 'Stap 4: doorverwijzen');
      const suggestion = refer.getByRole('listitem').filter({ has: page.getByRole('heading', { name: NLA, exact: true }) });
      await suggestion.waitFor({ timeout: WAIT_MS });
      await openAction(suggestion, `Doorverwijzen naar ${NLA}`, (s) => s.getByLabel('Kanaal'));
      const shared = suggestion.getByRole('group', { name: 'Wat deelt u met de ketenpartner?' });
      expect(await shared.getByRole('checkbox', { name: 'Toelichting', exact: true }).isChecked()).toBe(true);
      for (const part of ['Betrokken personen', 'Organisaties', 'Adressen', 'Plaats en tijd', 'Verrijking']) {
        expect(await shared.getByRole('checkbox', { name: part, exact: true }).isChecked(), part).toBe(false);
      }
      await expectAccessible(page, 'signal page, referral form open');
      await suggestion.getByRole('button', { name: `Doorverwijzen naar ${NLA}` }).click();
      await waitForStatus(page, `Het signaal is doorverwezen naar ${NLA}.`);

      // Step 5: ask the partner for feedback, then record it.
      const feedback = region(page, 'Stap 5: terugkoppeling van ketenpartners');
      const card = feedback.getByRole('listitem').filter({ has: page.getByRole('heading', { name: NLA, exact: true }) });
      await card.waitFor({ timeout: WAIT_MS });
      expect(await valueOf(card, 'Gedeeld')).toBe('Toelichting');
      await openAction(card, 'Terugkoppeling gevraagd', (s) => s.getByLabel('Gevraagd op'));
      await expectAccessible(page, 'signal page, feedback request form open');
      await card.getByRole('button', { name: 'Vastleggen dat terugkoppeling is gevraagd' }).click();
      await waitForStatus(page, `Vastgelegd dat u ${NLA} om terugkoppeling heeft gevraagd.`);
      await openAction(card, 'Terugkoppeling vastleggen', (s) => s.getByLabel('Terugkoppeling van de ketenpartner'));
      await expectAccessible(page, 'signal page, partner feedback form open');
      await card.getByLabel('Terugkoppeling van de ketenpartner').fill(PARTNER_FEEDBACK);
      await card.getByRole('button', { name: 'Terugkoppeling opslaan' }).click();
      await waitForStatus(page, `De terugkoppeling van ${NLA} is vastgelegd.`);
      await poll(() => card.textContent()).toContain(PARTNER_FEEDBACK);

      // Step 6: inform the reporter.
      const inform = region(page, 'Stap 6: melder informeren');
      await openAction(inform, 'Melder informeren', (s) => s.getByLabel('Wat heeft u de melder verteld?'));
      expect(await inform.getByRole('radio', { name: 'Ik heb de melder geïnformeerd' }).isChecked()).toBe(true);
      await expectAccessible(page, 'signal page, inform form open');
      await inform.getByLabel('Wat heeft u de melder verteld?').fill(REPORTER_FEEDBACK);
      await inform.getByRole('button', { name: 'Vastleggen', exact: true }).click();
      await waitForStatus(page, 'Vastgelegd wat de melder is verteld.');
      await poll(() => inform.textContent()).toContain(REPORTER_FEEDBACK);

      // Close with an outcome.
      const close = region(page, 'Afsluiten');
      await openAction(close, 'Signaal afsluiten', (s) => s.getByLabel('Uitkomst'));
      await close.getByLabel('Uitkomst').selectOption({ label: 'Doorverwezen' });
      await expectAccessible(page, 'signal page, close form open');
      await close.getByRole('button', { name: 'Afsluiten', exact: true }).click();
      await waitForStatus(page, 'Het signaal is afgesloten.');

      // The state shown is Afgesloten, and the history lists every step.
      await poll(() => valueOf(page, 'Status')).toBe('Afgesloten (Doorverwezen)');
      await region(page, 'Afgesloten').waitFor();
      const history = page.getByRole('table', { name: `Wat er met signaal ${number} is gedaan` });
      const actions = await history.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.children[2]?.textContent ?? ''));
      expect(actions).toEqual([
        'Gemeld',
        'Geregistreerd',
        'Verrijkt',
        `Doorverwijzing gemaakt (${NLA})`,
        'Doorverwezen',
        `Terugkoppeling gevraagd (${NLA})`,
        `Terugkoppeling vastgelegd (${NLA})`,
        'Melder geïnformeerd',
        'Afgesloten',
      ]);
      await expectAccessible(page, 'signal page (closed)');
    });
  });
});

describe('3. the meldcode officer is consulted without learning who reported', () => {
  it('the coordinator refers signal 0001 for consultation; the meldcode officer advises without seeing the reporter', async () => {
    let consulted = '';
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      // Demo signal 0001 was reported by Mila Jansen, involves a victim and is still new.
      const link = page.getByRole('table', { name: 'Nieuwe signalen', exact: true }).getByRole('link', { name: /^MH-\d{4}-0001$/ });
      consulted = (await link.textContent())?.trim() ?? '';
      await link.click();
      await waitForPage(page, `Signaal ${consulted}`);
      await poll(() => region(page, 'Melder (alleen zichtbaar voor u)').textContent()).toContain(REPORTER_NAME);

      await region(page, 'Stap 3: registreren en verrijken').getByRole('button', { name: 'Registreren', exact: true }).click();
      await waitForStatus(page, 'Het signaal is geregistreerd.');
      const refer = region(page, 'Stap 4: doorverwijzen');
      const suggestion = refer.getByRole('listitem').filter({ has: page.getByRole('heading', { name: MELDCODE, exact: true }) });
      await suggestion.waitFor({ timeout: WAIT_MS });
      await openAction(suggestion, `Doorverwijzen naar ${MELDCODE}`, (s) => s.getByLabel('Kanaal'));
      await expectAccessible(page, 'signal page, consultation referral form open');
      await suggestion.getByRole('button', { name: `Doorverwijzen naar ${MELDCODE}` }).click();
      await waitForStatus(page, `Het signaal is doorverwezen naar ${MELDCODE}.`);
      const card = region(page, 'Stap 5: terugkoppeling van ketenpartners').getByRole('listitem').filter({ has: page.getByRole('heading', { name: MELDCODE, exact: true }) });
      await poll(() => card.textContent()).toContain('Consultatie');
    });

    await asUser(browser, 'meldcode', async (page) => {
      await waitForPage(page, 'Consultaties');
      const table = page.getByRole('table', { name: 'Aan u voorgelegde signalen, open consultaties eerst' });
      const row = rowOf(table, consulted);
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.textContent()).toContain('Advies gevraagd');
      expect(await page.content()).not.toContain(REPORTER_NAME);
      await expectAccessible(page, 'Consultaties');

      await table.getByRole('link', { name: consulted, exact: true }).click();
      await waitForPage(page, `Signaal ${consulted}`);
      const consultation = region(page, 'Uw consultatie');
      await consultation.getByLabel('Uw advies').waitFor({ timeout: WAIT_MS });
      await region(page, 'Het signaal').waitFor();
      expect(await region(page, 'Melder (alleen zichtbaar voor u)').count()).toBe(0);
      expect(await page.content()).not.toContain(REPORTER_NAME);
      await expectAccessible(page, 'signal page for the meldcode officer, advice form open');

      await consultation.getByLabel('Uw advies').fill(ADVICE);
      await consultation.getByRole('button', { name: 'Advies opslaan' }).click();
      await waitForStatus(page, 'Uw advies is vastgelegd.');
      await poll(() => consultation.textContent()).toContain(ADVICE);
      expect(await consultation.textContent()).toContain('Advies gegeven');
      expect(await page.content()).not.toContain(REPORTER_NAME);
      await expectAccessible(page, 'signal page for the meldcode officer, advice given');
    });
  });
});

describe('4. the reporter sees the outcome', () => {
  it('shows the signal as Afgerond with the feedback, and nothing of the partner', async () => {
    const number = requireNumber();
    await asUser(browser, 'melder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      const row = rowOf(page.getByRole('table', { name: 'Uw signalen, nieuwste eerst' }), number);
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.getByRole('cell').nth(2).textContent()).toBe('Afgerond');
      expect(await row.getByRole('cell').nth(3).textContent()).toBe('Ontvangen');
      await expectAccessible(page, 'Mijn signalen with the closed signal');

      await row.getByRole('link', { name: number, exact: true }).click();
      await waitForPage(page, `Signaal ${number}`);
      expect(await valueOf(page, 'Status')).toBe('Afgerond');
      const feedback = region(page, 'Terugkoppeling van de aandachtsfunctionaris');
      expect(await feedback.textContent()).toContain(REPORTER_FEEDBACK);
      const html = await page.content();
      expect(html).not.toContain(PARTNER_FEEDBACK);
      expect(html).not.toContain(ENRICHMENT);
      expect(html).not.toContain('Arbeidsinspectie (NLA)');
      await expectAccessible(page, 'own signal with feedback');
    });
  });
});

describe('5. the coordinator answers an access request (AVG art. 15)', () => {
  const SUBJECT = { name: 'Sanne Inzage', birthDate: '1991-04-12', email: 'sanne.inzage@voorbeeld.nl' };
  const THIRD = 'Kees Derdepartij';

  it('a reporter records a person with a date of birth; the coordinator finds them and downloads the redacted package', async () => {
    let number = '';
    await asUser(browser, 'melder', async (page) => {
      await waitForPage(page, 'Mijn signalen');
      await navigate(page, 'Signaal melden');
      await page.getByLabel('Toelichting', { exact: true }).fill(`${SUBJECT.name} werkt onbetaald voor ${THIRD}.`);
      await page.getByRole('button', { name: 'Persoon toevoegen' }).click();
      const subject = page.getByRole('group', { name: 'Persoon 1', exact: true });
      await subject.getByLabel('Volledige naam').fill(SUBJECT.name);
      await subject.getByLabel('E-mailadres').fill(SUBJECT.email);
      await subject.getByLabel('Geboortedatum (als bekend)').fill(SUBJECT.birthDate);
      await page.getByRole('button', { name: 'Persoon toevoegen' }).click();
      await page.getByRole('group', { name: 'Persoon 2', exact: true }).getByLabel('Volledige naam').fill(THIRD);
      await expectAccessible(page, 'signal form with a date of birth');
      await page.getByRole('button', { name: 'Signaal versturen' }).click();
      await waitForPage(page, 'Signaal verzonden');
      number = ((await page.getByRole('status').getByRole('link', { name: /^MH-\d{4}-\d{4}$/ }).textContent()) ?? '').trim();
      expect(number).toMatch(/^MH-\d{4}-\d{4}$/);
    });

    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      await waitForPage(page, 'Werkvoorraad');
      // The date of birth on the signal page.
      await page.getByRole('table', { name: 'Nieuwe signalen', exact: true }).getByRole('link', { name: number, exact: true }).click();
      await waitForPage(page, `Signaal ${number}`);
      const persons = region(page, 'Het signaal').getByRole('table', { name: 'Betrokken personen' });
      await poll(() => persons.textContent()).toContain('1991');

      await navigate(page, 'Inzageverzoek', 'Inzageverzoek (AVG art. 15)');
      await expectAccessible(page, 'access request (empty)');
      // Nothing to search with: a field message.
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Controleer de volgende velden:' }).waitFor({ timeout: WAIT_MS });
      await expectAccessible(page, 'access request with validation errors');

      await page.getByLabel('Volledige naam').fill(SUBJECT.name.toUpperCase());
      await page.getByLabel('Geboortedatum').fill(SUBJECT.birthDate);
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      const table = page.getByRole('table', { name: 'Gevonden personen per signaal' });
      const row = rowOf(table, number);
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.textContent()).toContain('naam en geboortedatum');
      const include = row.getByRole('checkbox', { name: `${number} meenemen` });
      expect(await include.isChecked()).toBe(true);
      // The search terms never go into the address bar.
      expect(page.url()).not.toContain('Inzage');
      expect(page.url()).not.toContain('1991');
      await expectAccessible(page, 'access request with results');

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('button', { name: 'Download JSON' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^inzageverzoek-\d{4}-\d{2}-\d{2}\.json$/);
      const text = await readFile((await download.path())!, 'utf8');
      const pkg = JSON.parse(text) as { signals: { number: string; subject: { fullName: string; birthDate: string }[]; texts: { text: string }[] }[] };
      const section = pkg.signals.find((s) => s.number === number)!;
      expect(section.subject).toEqual([expect.objectContaining({ fullName: SUBJECT.name, birthDate: SUBJECT.birthDate, email: SUBJECT.email })]);
      expect(section.texts[0]!.text).toBe(`${SUBJECT.name} werkt onbetaald voor [derde].`);
      expect(text).not.toContain(THIRD);
      expect(text).not.toContain(REPORTER_NAME);
      await waitForStatus(page, 'is gedownload');
      await expectAccessible(page, 'access request after the download');
    });
  });
});
