import { request, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { asUser } from './support/session.js';
import { navigate, openAction, poll, region, waitForPage, waitForStatus, WAIT_MS } from './support/ui.js';

/**
 * Issue 4 in the browser: two signals name the same person in different notations; the
 * coordinator sees the candidate with its reasons, confirms it, sees the linked signal, the
 * network (graph with keyboard access, and the same as tables) and the clusters page. No page
 * may break the Content Security Policy (React Flow's CSS is bundled, never injected inline).
 */

// Unique per run, so the demo data and earlier runs do not interfere.
const SUFFIX = String(10_000_000 + (process.pid % 89_999_999));
const PHONE_A = `06 ${SUFFIX}`;
const PHONE_B = `+31 6 ${SUFFIX.slice(0, 4)} ${SUFFIX.slice(4)}`;

let browser: Browser;
let first: { id: string; number: string };
let second: { id: string; number: string };

/** Submit a signal through the API as the demo reporter. */
async function submitAsReporter(persons: { fullName: string; phone: string }[]): Promise<{ id: string; number: string }> {
  const api = await request.newContext({ baseURL: inject('baseUrl') });
  try {
    const login = await api.post('/api/auth/login', { data: { username: 'melder', password: inject('demoPassword') } });
    expect(login.status(), await login.text()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await api.post('/api/signals', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        observedOn: new Date().toISOString().slice(0, 10),
        explanation: 'Man voert het woord voor een jonge vrouw en houdt haar paspoort vast (e2e koppelen).',
        exploitationForms: ['labour'],
        persons,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; number: string };
  } finally {
    await api.dispose();
  }
}

/** Collect console messages about the Content Security Policy (and page errors) while the page is used. */
function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

beforeAll(async () => {
  browser = await launchBrowser();
  first = await submitAsReporter([{ fullName: 'Fenna Oudkerk-Zwaan', phone: PHONE_A }]);
  second = await submitAsReporter([{ fullName: 'Oudkerk-Zwaan, F.', phone: PHONE_B }]);
});
afterAll(async () => browser?.close());

describe('linking signals (issue 4)', () => {
  it('confirms a candidate, shows the linked signal, the network (graph and tables) and the clusters', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      const csp = watchCsp(page);
      await page.goto(`/signalen/${second.id}`);
      await waitForPage(page, `Signaal ${second.number}`);

      // The candidate from the first signal, with its reasons in Dutch and a score.
      const matches = region(page, 'Mogelijke overeenkomsten');
      const row = matches.getByRole('row').filter({ hasText: first.number });
      await row.waitFor({ timeout: WAIT_MS });
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('zelfde telefoonnummer');
      expect(text).toMatch(/\d+%/);
      expect(text).toContain('Fenna Oudkerk-Zwaan');
      await expectAccessible(page, 'coordinator: signal page with candidates');

      await row.getByRole('button', { name: /^Bevestigen/ }).click();
      await waitForStatus(page, 'De overeenkomst is bevestigd.');
      await poll(() => row.textContent()).toContain('Bevestigd');

      // Linked signals, and the enrichment record with who confirmed it.
      const linked = region(page, 'Gekoppelde signalen');
      await linked.getByRole('link', { name: first.number }).waitFor({ timeout: WAIT_MS });
      await poll(() => region(page, 'Verrijkingsdossier').textContent()).toContain('Automatische overeenkomst');
      await expectAccessible(page, 'coordinator: signal page after confirming');

      // "Gegevens toevoegen": a licence plate; a missing plate is a field error first.
      await openAction(matches, 'Gegevens toevoegen', (m) => m.getByLabel('Soort gegeven'));
      await matches.getByLabel('Soort gegeven').selectOption('vehicle');
      await matches.getByRole('button', { name: 'Gegeven toevoegen' }).click();
      await poll(() => matches.getByLabel('Kenteken').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'coordinator: add-information form with an error');
      await matches.getByLabel('Kenteken').fill('AB-123-C');
      await matches.getByRole('button', { name: 'Gegeven toevoegen' }).click();
      await waitForStatus(page, 'Het gegeven is toegevoegd.');
      await matches.getByRole('heading', { level: 3, name: 'Voertuig: AB-123-C' }).waitFor({ timeout: WAIT_MS });

      // The network: nodes drawn, keyboard focus moves between them, Enter opens a signal.
      await linked.getByRole('link', { name: 'Netwerk van dit signaal bekijken' }).click();
      await waitForPage(page, `Netwerk van signaal ${second.number}`);
      const nodes = page.locator('.react-flow__node');
      await poll(() => nodes.count()).toBeGreaterThanOrEqual(4);
      await nodes.first().focus();
      const focused = () => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null);
      const start = await focused();
      expect(start).toBe(second.id);
      await page.keyboard.press('ArrowRight');
      await poll(focused).not.toBe(start);
      expect(await page.locator('.react-flow__node:focus').getAttribute('aria-label')).toBeTruthy();
      // Tab also reaches the nodes.
      await page.keyboard.press('Tab');
      await poll(() => page.evaluate(() => document.activeElement?.classList.contains('react-flow__node') ?? false)).toBe(true);

      // The table alternative lists both signals.
      const tables = region(page, 'Netwerk als tabellen');
      const nodesTable = tables.getByRole('table', { name: 'Onderdelen van het netwerk' });
      for (const s of [first, second]) await nodesTable.getByRole('link', { name: `Signaal ${s.number}` }).waitFor({ timeout: WAIT_MS });
      expect(await tables.getByRole('table', { name: 'Verbindingen in het netwerk' }).textContent()).toContain('bevestigde overeenkomst');
      await expectAccessible(page, 'coordinator: network page');

      await page.locator(`.react-flow__node[data-id="${first.id}"]`).focus();
      await page.keyboard.press('Enter');
      await waitForPage(page, `Signaal ${first.number}`);

      // Clusters: the two signals form one.
      await navigate(page, 'Clusters');
      const cluster = page.getByRole('table', { name: 'Clusters, grootste eerst' }).getByRole('row').filter({ hasText: first.number });
      await cluster.waitFor({ timeout: WAIT_MS });
      const clusterText = (await cluster.textContent()) ?? '';
      expect(clusterText).toContain(second.number);
      expect(clusterText).toContain('Arbeidsuitbuiting');
      await expectAccessible(page, 'coordinator: clusters page');

      expect(csp, 'no CSP violations or page errors').toEqual([]);
    });
  });

  it('shows what of the enrichment record is shared when the coordinator refers the signal', async () => {
    await asUser(browser, 'aandachtsfunctionaris', async (page) => {
      const csp = watchCsp(page);
      await page.goto(`/signalen/${second.id}`);
      await waitForPage(page, `Signaal ${second.number}`);
      await poll(() => region(page, 'Verrijkingsdossier').textContent()).toContain(first.number);
      await page.getByRole('button', { name: 'Registreren', exact: true }).click();
      await waitForStatus(page, 'Het signaal is geregistreerd.');
      const refer = region(page, 'Stap 4: doorverwijzen');
      await openAction(refer, 'Andere ketenpartner kiezen', (s) => s.getByLabel('Verrijking', { exact: true }));
      const shared = refer.getByText('Met de ketenpartner wordt dit verrijkingsdossier gedeeld:');
      expect(await shared.count()).toBe(0);
      await refer.getByLabel('Verrijking', { exact: true }).check();
      await shared.waitFor({ timeout: WAIT_MS });
      await poll(() => refer.getByRole('table', { name: 'Verrijkingsdossier van dit signaal' }).textContent()).toContain(first.number);
      await expectAccessible(page, 'coordinator: referral form sharing the enrichment record');
      expect(csp).toEqual([]);
    });
  });
});
