/**
 * Both apps against the real stack in Chromium: sign-in (wrong and right), the signed-in screens in
 * Finnish, Swedish and English, a reload that stays signed in, a specialist's presence, and axe
 * finding no WCAG 2.1 AA violation on any screen in any language.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { type ProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(120_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ servers: 'processes' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function chooseLanguage(page: Page, button: string) {
  await page
    .getByRole('radio', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
}

describe('service point app', () => {
  it('refuses a wrong key with a translated message, then signs the device in', async () => {
    const page = await newPage(stack.pointClientUrl);
    await page.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
    await page.getByLabel('Laitteen avain').fill('wrong-key-wrong-key');
    await page.getByRole('button', { name: 'Ota käyttöön' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kirjautumistiedot eivät kelpaa.' }).waitFor();
    expect(await page.getByRole('alert').textContent()).not.toContain('INVALID_CREDENTIALS');

    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(page, button);
      expect(await page.locator('html').getAttribute('lang')).toBe(code);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `point-sign-in-${code}`);
    }
    await chooseLanguage(page, 'Suomi');

    await page.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
    await page.getByRole('button', { name: 'Ota käyttöön' }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await page.getByText('Verohallinto').waitFor();
    await page.getByText('Asiointipiste Mikkeli').waitFor();

    const expected = {
      fi: ['Asiointipiste on valmis', 'Verohallinto'],
      sv: ['Servicepunkten är klar', 'Skatteförvaltningen'],
      en: ['The service point is ready', 'Tax Administration'],
    } as const;
    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(page, button);
      await page.getByRole('heading', { name: expected[code][0] }).waitFor();
      await page.getByText(expected[code][1], { exact: true }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `point-ready-${code}`);
    }

    // The device stays signed in across a reload, in the language chosen last.
    await page.reload();
    await page.getByRole('heading', { name: 'The service point is ready' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await page.context().close();
  });
});

describe('specialist console', () => {
  it('signs a specialist in, and their availability follows their choice', async () => {
    const page = await newPage(stack.agentConsoleUrl);
    await page.getByLabel('Käyttäjätunnus').fill('aino');
    await page.getByLabel('Salasana').fill('wrong');
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Kirjautumistiedot eivät kelpaa.' }).waitFor();
    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(page, button);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `console-sign-in-${code}`);
    }
    await chooseLanguage(page, 'Suomi');

    await page.getByLabel('Salasana').fill('etapiste-demo');
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.getByRole('heading', { name: 'Hei, Aino Virtanen' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Et ole vapaana' }).waitFor();

    await page.getByRole('button', { name: 'Vapaana' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    await page.getByRole('button', { name: /Poissaolon syy/ }).click();
    await page.getByRole('option', { name: 'Palaveri' }).click();
    await page.getByRole('button', { name: 'Merkitse poissa' }).click();
    await page.getByRole('status').filter({ hasText: 'Poissa – Palaveri' }).waitFor();

    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(page, button);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `console-home-${code}`);
    }
    await page.context().close();
  });

  it('shows a supervisor the agencies they answer for', async () => {
    const page = await newPage(stack.agentConsoleUrl);
    await chooseLanguage(page, 'English');
    await page.getByLabel('Username').fill('maria');
    await page.getByLabel('Password').fill('etapiste-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Hello, Maria Lahtinen' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    for (const agency of ['Tax Administration', 'Kela', 'TE employment services']) {
      await page.getByRole('listitem').filter({ hasText: agency }).waitFor();
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
