/**
 * A user's steps in the app pages, shared by the e2e tests and the benchmarks (no test framework
 * here): a page of its own, the screen's language, signing in to the console, opening the point,
 * pressing a tile of a radio group.
 */
import type { Browser, Page } from 'playwright-core';

export async function newPage(browser: Browser, url: string, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
  await page.goto(url);
  return page;
}

export async function chooseLanguage(page: Page, button: string): Promise<void> {
  await page
    .getByRole('radio', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
}

/** Signs a person in to the console in Finnish and waits for the connection. */
export async function signIn(page: Page, username: string): Promise<void> {
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill('etapiste-demo');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
}

/** Opens the point with its device key (the demo's Mikkeli by default). */
export async function openPoint(page: Page, pointId = 'mikkeli'): Promise<void> {
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Asiointipisteen tunnus').fill(pointId);
  await page.getByLabel('Laitteen avain').fill(`demo-point-key-${pointId}`);
  await page.getByRole('button', { name: 'Ota käyttöön' }).click();
  await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
}

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
export async function pick(page: Page, group: string | RegExp, name: string): Promise<void> {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}
