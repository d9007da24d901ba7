/**
 * A customer steps away and keeps the place, in Chromium against the real stack: the advisor lets
 * the waiting customer step away for 15 minutes; the start screen lists them ("back by hh:mm", the
 * place) and alerts (a banner, role=alert) while they are within two places of the head; a
 * specialist who becomes free passes the request over once (said on the list) without taking its
 * place; the customer is back, the request is offered at once and the point is in the call. Each
 * new screen is checked with axe in fi, sv and en and photographed into docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, openPage } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(300_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // Every agency open all day, so that "nobody online" does not depend on the hour.
    seed: (seed) => {
      for (const agency of seed.agencies) {
        agency.openingHours = Object.fromEntries(
          ['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { opens: '00:00', closes: '24:00' }]),
        );
      }
    },
    env: { OFFER_TIMEOUT_SECONDS: '90' },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function chooseLanguage(page: Page, button: string) {
  await page
    .getByRole('radiogroup', { name: /Kieli|Språk|Language/ })
    .getByRole('radio', { name: button })
    .click();
}

/** axe finds nothing and a screenshot is taken, in each language; ends in Finnish. */
async function checkInEveryLanguage(page: Page, name: string, ready?: (code: string) => Promise<void>) {
  for (const { code, button } of LANGUAGES) {
    await chooseLanguage(page, button);
    expect(await page.locator('html').getAttribute('lang')).toBe(code);
    await ready?.(code);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, `${name}-${code}`);
  }
  await chooseLanguage(page, 'Suomi');
}

async function pick(page: Page, group: string | RegExp, name: string) {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

describe('stepping away', () => {
  it('keeps the place, alerts near the head, passes over once and serves the customer who is back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`[point page] ${error.message}\n`));
    await page.goto(stack.pointClientUrl);
    await chooseLanguage(page, 'Suomi');
    await page.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
    await page.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
    await page.getByRole('button', { name: 'Ota käyttöön' }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();

    // Tax Administration in Finnish; nobody online, so the customer waits anyway.
    await pick(page, '1. Virasto', 'Verohallinto');
    await pick(page, '2. Asiakkaan kieli', 'Suomi');
    await pick(page, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
    await page.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await page.getByRole('button', { name: /Odota silti jonossa/ }).click();
    await page.getByRole('status').filter({ hasText: 'Olette jonossa sijalla 1.' }).waitFor();

    // The customer steps away: asked in two steps, with the time they will be back by.
    await page.getByRole('button', { name: 'Asiakas poistuu hetkeksi' }).click();
    await page.getByRole('radiogroup', { name: 'Palaa viimeistään' }).waitFor();
    await checkInEveryLanguage(page, 'point-step-away', async (code) => {
      const heading = {
        fi: 'Asiakas poistuu hetkeksi',
        sv: 'Kunden går iväg en stund',
        en: 'The customer steps away for a while',
      }[code];
      await page.getByRole('heading', { name: heading }).waitFor();
    });
    await pick(page, 'Palaa viimeistään', '20 minuutin kuluttua');
    const before = Date.now();
    await page.getByRole('button', { name: 'Asiakas poistuu', exact: true }).click();

    // The desk is free for the next customer; the stepped-away one is listed with their place,
    // and alerted (they are first in the queue).
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await page.getByText('Asiakkaan paikka jonossa säilyy.').waitFor();
    const list = page.getByTestId('stepped-away');
    await list.getByText('Verohallinto, suomeksi').waitFor();
    await list.getByText(/jonossa 1\./).waitFor();
    const backBy = await list.getByText(/palaa klo/).textContent();
    const [, hours, minutes] = /klo (\d{1,2})[.:](\d{2})/.exec(backBy ?? '') ?? [];
    // The server counts the 20 minutes from when it got the request: between `before` and now.
    const clock = (at: number) =>
      new Date(at + 20 * 60_000)
        .toLocaleTimeString('fi-FI', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Helsinki' })
        .replace(':', '.');
    expect([clock(before), clock(Date.now())]).toContain(`${hours}.${minutes}`);
    await page.getByRole('alert').filter({ hasText: 'Vuoro lähestyy' }).waitFor();
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('etapiste.point.ticket'))) ?? 'null')).toBeNull();
    await checkInEveryLanguage(page, 'point-stepped-away', async (code) => {
      const alert = { fi: 'Vuoro lähestyy', sv: 'Turen närmar sig', en: 'The turn is near' }[code] ?? '';
      await page.getByRole('alert').filter({ hasText: alert }).waitFor();
    });
    // A reload still lists them (from the server, not from the page's memory).
    await page.reload();
    await list.getByText('Verohallinto, suomeksi').waitFor();

    // Aino becomes free: the request is passed over once, keeping its place.
    const expert = await openPage(browser, stack.pageUrl);
    await call(expert, 'init', stack.signalingUrl, { username: 'aino', password: 'etapiste-demo' });
    await call(expert, 'armAccept', {});
    await call(expert, 'request', 'presence:set', { state: 'available' });
    await list.getByText('Vuoro ohitettiin kerran, koska asiakas ei ollut paikalla.').waitFor();
    await list.getByText(/jonossa 1\./).waitFor();
    expect((await call<{ state: string }>(expert, 'request', 'presence:get', {})).state).toBe('available');

    // The customer is back: the request is the desk's again and Aino is offered it at once.
    await list.getByRole('button', { name: 'Asiakas palasi' }).click();
    await call(expert, 'served');
    await page.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();
    await expect(list.count()).resolves.toBe(0);
    await context.close();
    await expert.context().close();
  });
});
