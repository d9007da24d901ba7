/**
 * Language done right and the accessibility statement (issue 17), in Chromium against the real
 * stack. Each finding of the walk-through has its test:
 *  - the customer's language is never pre-selected from the advisor's screen language;
 *  - language names are translated and inflected inside sentences, never "Svenska" in Finnish text;
 *  - the agency tiles say, before the device check, whether each agency serves now and in which
 *    languages, and follow a specialist going away;
 *  - sign-in errors mark the field and say what is wrong (empty, too short, refused), in both apps;
 *  - the accessibility statement is reachable from every screen of both apps, in fi, sv and en.
 * Changed screens are checked with axe in fi, sv and en and photographed into docs/screenshots.
 *
 * Every agency is open around the clock except the National Land Survey, which is never open, so
 * the answers do not depend on the hour the tests run at.
 */

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, openPage } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(240_000);

let stack: ProcessStack;
let browser: Browser;
/** Aino (Tax Administration in Finnish and English, Kela in Finnish) as a protocol-level client. */
let aino: Page;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // The hours below decide, not the tests' around-the-clock default. Nothing here reads the
    // ledger, and without it signaling is ready in seconds even on a busy machine.
    env: { DEMO_ALWAYS_OPEN: 'false', LEDGER_ENABLED: 'false' },
    seed: (seed) => {
      for (const agency of seed.agencies) {
        agency.openingHours =
          agency.id === 'nls'
            ? {}
            : Object.fromEntries(
                ['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { opens: '00:00', closes: '24:00' }]),
              );
      }
    },
  });
  browser = await launchChromium();
  aino = await openPage(browser, stack.pageUrl);
  await call(aino, 'init', stack.signalingUrl, { username: 'aino', password: 'etapiste-demo' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
  await page.goto(url);
  return page;
}

/** The header's language switcher (radios in the point app, buttons in the console). */
async function switchTo(page: Page, button: string) {
  await page
    .getByRole('radiogroup', { name: /^(Kieli|Språk|Language)$/ })
    .getByRole('radio', { name: button })
    .click();
}

async function pointPage(): Promise<Page> {
  const page = await newPage(stack.pointClientUrl);
  await switchTo(page, 'Suomi');
  await page.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
  await page.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
  await page.getByRole('button', { name: 'Ota käyttöön' }).click();
  await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
  return page;
}

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
async function pick(page: Page, group: string | RegExp, name: string) {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

/** The text an element's `aria-describedby` points at (what a screen reader reads after its name). */
function description(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/** The agency tile's radio and what it says about now. */
async function tileSays(page: Page, agency: string): Promise<string> {
  return description(
    page.getByRole('radiogroup', { name: /Virasto|Myndighet|Agency/ }).getByRole('radio', { name: agency }),
  );
}

describe("the customer's language", () => {
  it('is never pre-selected from the screen language: the advisor must choose it', async () => {
    const page = await pointPage();
    await pick(page, '1. Virasto', 'Verohallinto');
    const languages = page.getByRole('radiogroup', { name: '2. Asiakkaan kieli' });
    for (const name of ['Suomi', 'Svenska', 'English']) {
      expect(await languages.getByRole('radio', { name, exact: true }).isChecked()).toBe(false);
    }
    // Continuing without a choice stops at the start and says why, tied to the group.
    await page.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await page.getByText('Valitse asiakkaan kieli.').waitFor();
    expect(await description(languages)).toContain('Valitse asiakkaan kieli.');
    expect(await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).isVisible()).toBe(true);
    // Nor in Swedish or English screens: the screen's language is the advisor's, not the customer's.
    await switchTo(page, 'Svenska');
    await page.reload();
    await page.getByRole('heading', { name: 'Servicepunkten är klar' }).waitFor();
    await pick(page, '1. Myndighet', 'Skatteförvaltningen');
    const kundens = page.getByRole('radiogroup', { name: '2. Kundens språk' });
    expect(await kundens.getByRole('radio', { name: 'Svenska', exact: true }).isChecked()).toBe(false);
    await page.context().close();
  });

  it('is named in the reader’s language and inflected in sentences, never by its own name or code', async () => {
    await call(aino, 'request', 'presence:set', { state: 'available' });
    const page = await pointPage();
    await pick(page, '1. Virasto', 'Verohallinto');
    await pick(page, '2. Asiakkaan kieli', 'Svenska');
    await pick(page, /3\. Miten asiakkaan henkilöllisyys/, 'Passi');
    await page.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await page.getByRole('heading', { name: 'Tarkistetaan kamera, mikrofoni ja yhteys' }).waitFor();

    const summary = page.locator('main .summary');
    const expected = {
      fi: /^Verohallinto · .*ruotsi$/,
      sv: /^Skatteförvaltningen · .*svenska$/,
      en: /^Tax Administration · .*Swedish$/,
    } as const;
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      await page.waitForFunction((lang) => document.documentElement.lang === lang, code);
      expect(await summary.textContent()).toMatch(expected[code]);
    }
    await switchTo(page, 'Suomi');
    await mainHasNoForeignLanguageNames(page);

    // Nobody serves Swedish: the way out is "Asioi suomeksi", not "Asioi kielellä Suomi".
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await page
      .getByRole('heading', { name: 'Verohallinto: ruotsinkielistä asiantuntijaa ei ole nyt paikalla' })
      .waitFor();
    const buttons = {
      fi: ['Asioi suomeksi', 'Asioi englanniksi'],
      sv: ['Uträtta ärendet på finska', 'Uträtta ärendet på engelska'],
      en: ['Be served in Finnish', 'Be served in English'],
    } as const;
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      for (const name of buttons[code]) await page.getByRole('button', { name: new RegExp(`^${name}`) }).waitFor();
      await mainHasNoForeignLanguageNames(page);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `point-unavailable-languages-${code}`);
    }
    await page.context().close();
  });
});

/** The main region names no language by its own name in another language's text, and no codes. */
async function mainHasNoForeignLanguageNames(page: Page) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  const text = (await page.locator('main').textContent()) ?? '';
  const autonyms = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;
  for (const [code, autonym] of Object.entries(autonyms)) {
    if (code !== lang) expect(text).not.toContain(autonym);
  }
  expect(text).not.toMatch(/\b(FI|SV|EN)\b/);
}

describe('agency tiles at the point', () => {
  it('say before the device check whether each agency serves now and in which languages', async () => {
    await call(aino, 'request', 'presence:set', { state: 'available' });
    const page = await pointPage();
    await waitFor('the tiles to say who serves', async () => (await tileSays(page, 'Verohallinto')) !== '');
    expect(await tileSays(page, 'Verohallinto')).toBe('Palvelee nyt suomeksi ja englanniksi');
    expect(await tileSays(page, 'Kela')).toBe('Palvelee nyt suomeksi');
    expect(await tileSays(page, 'TE-palvelut')).toBe('Asiantuntijoita ei ole nyt paikalla');
    expect(await tileSays(page, 'Maanmittauslaitos')).toBe('Suljettu nyt');
    const tax = {
      fi: 'Palvelee nyt suomeksi ja englanniksi',
      sv: 'Betjänar nu på finska och engelska',
      en: 'Serving now in Finnish and English',
    } as const;
    const taxName = { fi: 'Verohallinto', sv: 'Skatteförvaltningen', en: 'Tax Administration' } as const;
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      await waitFor(`the tile in ${code}`, async () => (await tileSays(page, taxName[code])) === tax[code]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `point-start-availability-${code}`);
    }
    await switchTo(page, 'Suomi');

    // Aino steps away: within a refresh, nobody serves the Tax Administration any more.
    await call(aino, 'request', 'presence:set', { state: 'away', reason: 'break' });
    await waitFor(
      'the tile to follow Aino going away',
      async () => (await tileSays(page, 'Verohallinto')) === 'Asiantuntijoita ei ole nyt paikalla',
      20_000,
    );
    await page.context().close();
  });
});

describe('sign-in errors', () => {
  it('mark the field and say what is wrong at the point: empty, too short, refused', async () => {
    const page = await newPage(stack.pointClientUrl);
    await switchTo(page, 'Suomi');
    const id = page.getByLabel('Asiointipisteen tunnus');
    const key = page.getByLabel('Laitteen avain');
    const submit = page.getByRole('button', { name: 'Ota käyttöön' });

    await submit.click();
    await page.getByText('Asiointipisteen tunnus puuttuu.').waitFor();
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await description(id)).toContain('Asiointipisteen tunnus puuttuu. Kirjoita se kenttään.');
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await description(key)).toBe('Laitteen avain puuttuu. Kirjoita se kenttään.');
    // The first field to fix has the focus.
    expect(await id.evaluate((element) => element === document.activeElement)).toBe(true);

    await id.fill('mikkeli');
    expect(await id.getAttribute('aria-invalid')).toBeNull();
    await key.fill('short');
    await submit.click();
    await page.getByText('Laitteen avain on liian lyhyt.').waitFor();
    expect(await description(key)).toBe('Laitteen avain on liian lyhyt. Siinä on vähintään 16 merkkiä.');
    expect(await id.getAttribute('aria-invalid')).toBeNull();

    await key.fill('wrong-key-wrong-key');
    await submit.click();
    const refused = 'Kirjautumistiedot eivät kelpaa. Tarkista asiointipisteen tunnus ja laitteen avain.';
    await page.getByRole('alert').filter({ hasText: refused }).waitFor();
    for (const field of [id, key]) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await description(field)).toContain(refused);
    }
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `point-sign-in-refused-${code}`);
    }
    await page.context().close();
  });

  it('mark the field and say what is wrong in the console', async () => {
    const page = await newPage(stack.agentConsoleUrl);
    await switchTo(page, 'English');
    const username = page.getByLabel('Username');
    const password = page.getByLabel('Password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Username is missing.').waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    expect(await description(username)).toBe('Username is missing. Type it in the field.');
    expect(await description(password)).toBe('Password is missing. Type it in the field.');
    const missing = {
      fi: 'Käyttäjätunnus puuttuu. Kirjoita se kenttään.',
      sv: 'Användarnamn saknas. Fyll i fältet.',
      en: 'Username is missing. Type it in the field.',
    } as const;
    const usernameIn = { fi: 'Käyttäjätunnus', sv: 'Användarnamn', en: 'Username' } as const;
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      // Said again in the language now on screen.
      expect(await description(page.getByLabel(usernameIn[code]))).toBe(missing[code]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `console-sign-in-missing-${code}`);
    }

    await switchTo(page, 'Svenska');
    await page.getByLabel('Användarnamn').fill('aino');
    await page.getByLabel('Lösenord').fill('wrong');
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    const refused = 'Inloggningsuppgifterna godkänns inte. Kontrollera användarnamnet och lösenordet.';
    await page.getByRole('alert').filter({ hasText: refused }).waitFor();
    expect(await page.getByLabel('Lösenord').getAttribute('aria-invalid')).toBe('true');
    expect(await description(page.getByLabel('Användarnamn'))).toBe(refused);
    await page.context().close();
  });
});

describe('the accessibility statement', () => {
  const heading = { fi: 'Saavutettavuusseloste', sv: 'Tillgänglighetsutlåtande', en: 'Accessibility statement' };
  const says = {
    fi: ['WCAG 2.1', 'Etelä-Suomen aluehallintovirasto', 'saavutettavuus@avi.fi', '1. joulukuuta 2026'],
    sv: ['WCAG 2.1', 'Regionförvaltningsverket i Södra Finland', 'saavutettavuus@avi.fi', '1 december 2026'],
    en: [
      'WCAG 2.1',
      'Regional State Administrative Agency for Southern Finland',
      'saavutettavuus@avi.fi',
      '1 December 2026',
    ],
  } as const;

  /** Opens the statement from the footer, checks it in the page's language, and closes it. */
  async function readStatement(page: Page, code: 'fi' | 'sv' | 'en', photo?: string) {
    await page.getByRole('contentinfo').getByRole('link', { name: heading[code] }).click();
    const dialog = page.getByRole('dialog', { name: heading[code] });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    for (const part of says[code]) expect(text).toContain(part);
    expect(text).toContain('www.saavutettavuusvaatimukset.fi');
    expect(await accessibilityViolations(page)).toEqual([]);
    if (photo) {
      // The whole statement, not only what fits the window: the window grows to its height.
      const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
      const height = await page.locator('.statement-modal').evaluate((element) => element.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height: Math.ceil(height) + 80 });
      await screenshot(page, `${photo}-${code}`);
      await page.setViewportSize(viewport);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }

  it('is linked from every screen of the point app, sign-in included, in fi, sv and en', async () => {
    const page = await newPage(stack.pointClientUrl);
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      await readStatement(page, code, 'accessibility-statement');
    }
    await switchTo(page, 'Suomi');
    await page.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
    await page.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
    await page.getByRole('button', { name: 'Ota käyttöön' }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await readStatement(page, 'fi');
    // Over the device check, the visit is still there when it closes.
    await pick(page, '1. Virasto', 'Kela');
    await pick(page, '2. Asiakkaan kieli', 'Suomi');
    await pick(page, /3\. Miten asiakkaan henkilöllisyys/, 'Passi');
    await page.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await page.getByRole('heading', { name: 'Tarkistetaan kamera, mikrofoni ja yhteys' }).waitFor();
    await readStatement(page, 'fi');
    expect(await page.getByRole('heading', { name: 'Tarkistetaan kamera, mikrofoni ja yhteys' }).isVisible()).toBe(
      true,
    );
    // It has an address of its own.
    await page.goto(`${stack.pointClientUrl}/#accessibility`);
    await page.getByRole('dialog', { name: 'Saavutettavuusseloste' }).waitFor();
    await page.context().close();
  });

  it('is linked from the console, signed in or not', async () => {
    const page = await newPage(stack.agentConsoleUrl);
    await switchTo(page, 'Suomi');
    await readStatement(page, 'fi');
    await page.getByLabel('Käyttäjätunnus').fill('maria');
    await page.getByLabel('Salasana').fill('etapiste-demo');
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.getByRole('heading', { name: 'Hei, Maria Lahtinen' }).waitFor();
    for (const { code, button } of LANGUAGES) {
      await switchTo(page, button);
      await readStatement(page, code);
    }
    await page.context().close();
  });
});
