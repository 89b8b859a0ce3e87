import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

/** A fresh browser context logged in through the login page as a demo user. */
export async function loginAs(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: inject('baseUrl'), locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(inject('demoPassword'));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
  return { context, page };
}

/** Run `body` logged in as `username`; the browser context is closed afterwards, also when `body` fails. */
export async function asUser(browser: Browser, username: string, body: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const { context, page } = await loginAs(browser, username);
  try {
    await body(page, context);
  } finally {
    await context.close();
  }
}
