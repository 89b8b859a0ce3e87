import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Generous enough for a loaded CI machine; every wait is for a condition, never a fixed sleep. */
export const WAIT_MS = 15_000;

/** expect.poll with a timeout that suits server round trips (vitest's default is 1 s). */
export function poll<T>(fn: () => T | Promise<T>, message?: string) {
  return expect.poll(fn, { timeout: WAIT_MS, interval: 100, message });
}

/** Wait until the page shows its level-1 heading and no resource is still loading. */
export async function waitForPage(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: WAIT_MS });
  await poll(() => page.getByText('Bezig met laden…', { exact: true }).count(), `still loading: ${String(title)}`).toBe(0);
}

/** A link in the main menu ("Hoofdmenu"). */
export function navLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name, exact: true });
}

/** Follow a main-menu link and wait for the page it leads to. */
export async function navigate(page: Page, name: string, title: string | RegExp = name): Promise<void> {
  await navLink(page, name).click();
  await waitForPage(page, title);
}

/** A section (`<section aria-labelledby>`) by its heading. */
export function region(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('region', { name, exact: true });
}

/**
 * Open a compact action: a native <details> disclosure whose <summary> names the
 * action. <summary> has no ARIA role, so it is found by its exact text within
 * `scope`; `field` is a control inside that must become visible.
 */
export async function openAction(scope: Locator, summary: string, field: (scope: Locator) => Locator): Promise<void> {
  await scope.getByText(summary, { exact: true }).click();
  await field(scope).waitFor({ timeout: WAIT_MS });
}

/** Wait for the polite status message (the "flash" after a step) with this text. */
export async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

/** Texts of the elements an element's aria-describedby points at. */
export function accessibleDescription(locator: Locator): Promise<string> {
  return locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** How often `text` occurs in the page's HTML (attributes included). */
export async function occurrences(page: Page, text: string): Promise<number> {
  return (await page.content()).split(text).length - 1;
}

/** The value (<dd>) that a description list gives for a label (<dt>) within `scope`. */
export function valueOf(scope: Page | Locator, term: string): Promise<string> {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .evaluate((dt) => dt.nextElementSibling?.textContent?.trim() ?? '');
}
