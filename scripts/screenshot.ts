/** Dev tool: log in (optionally) and save a full-page screenshot. Usage: tsx scripts/screenshot.ts URL OUT.png [user pass] */
import { launchBrowser } from '../test/e2e/support/browser.js';
const [url, out, user, pass] = process.argv.slice(2);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
if (user) {
  await page.goto(new URL('/inloggen', url).toString());
  await page.getByLabel(/Gebruikersnaam/).fill(user);
  await page.getByLabel(/Wachtwoord/).fill(pass!);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForTimeout(1000);
}
await page.goto(url!);
await page.waitForTimeout(1000);
await page.screenshot({ path: out!, fullPage: true });
await browser.close();
