/**
 * A supervisor joins a call from the wallboard (issue 14), in Chromium against the real stack with
 * three real app pages: the service point (Mikkeli, a customer for the Tax Administration), the
 * specialist's console (Aino) and the supervisor's console (Maria, who supervises tax). Maria sees
 * the session in progress on the wallboard and joins it after a dialog; the point and Aino are
 * told "Supervisor Maria Lahtinen joined" on screen (and to screen readers); Maria's page decodes
 * both videos; the point and Aino see Maria's tile; Maria's microphone is off until she turns it
 * on; her leaving is told the same way. axe finds nothing in fi, sv and en on the new screens;
 * screenshots of each are taken.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, screenshot } from './support/browser.js';
import {
  checkInEveryLanguage,
  decoded as decodedIn,
  openPoint,
  newPage as pageAt,
  pick,
  signIn,
} from './support/call-pages.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const newPage = (url: string) => pageAt(browser, url);
const decoded = (page: Page, participantId: string, what: string) => decodedIn(page, participantId, what, pagesInCall);

jest.setTimeout(600_000);

const ALL_DAY = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '23:59' }]),
);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    env: { OFFER_TIMEOUT_SECONDS: '300', WRAP_UP_LIMIT_SECONDS: '600', LEDGER_ENABLED: 'false' },
    // Open all day: the test runs at any hour.
    seed: (seed) => {
      for (const agency of seed.agencies) (agency as { openingHours: unknown }).openingHours = ALL_DAY;
    },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The point's, the specialist's and the supervisor's pages, for a failure's message. */
const pagesInCall: Page[] = [];

const JOINED = {
  fi: 'Esihenkilö Maria Lahtinen liittyi puheluun.',
  sv: 'Chef Maria Lahtinen anslöt till samtalet.',
  en: 'Supervisor Maria Lahtinen joined the call.',
};

describe('a supervisor joins a call from the wallboard, announced to everyone in it', () => {
  let point: Page;
  let aino: Page;
  let maria: Page;

  it('serves a customer: the point asks for Tax in Finnish and Aino answers in her console', async () => {
    aino = await newPage(stack.agentConsoleUrl);
    await signIn(aino, 'aino');
    await aino.getByRole('button', { name: 'Vapaana' }).click();

    point = await newPage(stack.pointClientUrl);
    await openPoint(point);
    await pick(point, '1. Virasto', 'Verohallinto');
    await pick(point, '2. Asiakkaan kieli', 'Suomi');
    await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
    await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();

    const offer = aino.getByRole('region', { name: /Uusi asiakas odottaa/ });
    await offer.getByRole('button', { name: 'Vastaa' }).click();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await point.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();
    // Before anyone joins, both see the two of them in the call.
    await point.getByTestId('participants').getByText('Aino Virtanen', { exact: true }).waitFor();
    await aino.getByTestId('participants').getByText('Asiointipiste Mikkeli', { exact: true }).waitFor();
  });

  it('lists the session on the wallboard; joining asks first, then everyone is told', async () => {
    maria = await newPage(stack.agentConsoleUrl);
    await signIn(maria, 'maria');
    const live = maria.getByRole('region', { name: 'Käynnissä olevat palvelutapahtumat', exact: true });
    const join = live.getByRole('button', { name: /Liity puheluun: .*Mikkeli/ });
    await join.waitFor();

    // The dialog says what joining means; "cancel" has the focus and changes nothing.
    await join.click();
    const dialog = maria.getByRole('alertdialog', { name: 'Liitytäänkö puheluun?' });
    await dialog.getByText(/myös asiakas/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Peruuta' }).evaluate((b) => b === document.activeElement)).toBe(
      true,
    );
    expect(await accessibilityViolations(maria)).toEqual([]);
    await screenshot(maria, 'supervisor-join-confirm-fi');
    await dialog.getByRole('button', { name: 'Liity', exact: true }).click();

    // Everyone in the call is told, the customer at the point included, on screen and in a live region.
    await maria.getByRole('heading', { name: /Puhelu: .*Mikkeli/ }).waitFor();
    pagesInCall.push(point, aino, maria);
    const notice = (page: Page) => page.getByTestId('participant-notice');
    await notice(point).filter({ hasText: JOINED.fi }).waitFor();
    await notice(aino).filter({ hasText: JOINED.fi }).waitFor();
    for (const page of [point, aino]) {
      expect(await notice(page).getAttribute('aria-live')).toBe('polite');
      await page.getByTestId('participants').getByText('Maria Lahtinen').waitFor();
    }
  });

  it('lets the supervisor see both, and the others see the supervisor; her microphone is off until she turns it on', async () => {
    // Maria's page decodes the customer's and the specialist's video.
    await decoded(maria, 'point:mikkeli', 'the point camera decoded at the supervisor');
    await decoded(maria, 'expert:aino', 'the specialist camera decoded at the supervisor');
    // The point and Aino see Maria's tile, named.
    await decoded(point, 'supervisor:maria', 'the supervisor tile decoded at the point');
    await decoded(aino, 'supervisor:maria', 'the supervisor tile decoded at the specialist');
    await point
      .getByRole('img', { name: /Esihenkilö Maria Lahtinen/ })
      .or(point.getByLabel(/Esihenkilö Maria Lahtinen/))
      .first()
      .waitFor();

    // Muted at the join: said in words, one press turns it on.
    const micStatus = maria.getByRole('status').filter({ hasText: /Mikrofonisi on/ });
    await micStatus.filter({ hasText: 'Mikrofonisi on pois päältä.' }).waitFor();
    // Her microphone reaches the others paused: the SFU forwards nothing until she unmutes.
    await maria.getByRole('button', { name: 'Ota mikrofoni käyttöön' }).click();
    await micStatus.filter({ hasText: 'Mikrofonisi on päällä.' }).waitFor();

    await checkInEveryLanguage(maria, 'supervisor-call', async (code) => {
      const heading = { fi: /Puhelu:/, sv: /Samtal:/, en: /Call:/ }[code] ?? /./;
      await maria.getByRole('heading', { name: heading }).waitFor();
    });
    await checkInEveryLanguage(point, 'point-call-supervisor', async (code) => {
      await point
        .getByTestId('participants')
        .getByText(/Maria Lahtinen/)
        .waitFor();
      const heading = { fi: 'Puhelussa', sv: 'I samtalet', en: 'In the call' }[code] ?? '';
      await point.getByRole('heading', { name: heading }).waitFor();
    });
    await checkInEveryLanguage(aino, 'console-session-supervisor', async (code) => {
      const heading = { fi: 'Puhelussa', sv: 'I samtalet', en: 'In the call' }[code] ?? '';
      await aino.getByRole('heading', { name: heading }).waitFor();
    });
  });

  it('tells everyone when the supervisor leaves, and Maria is back on the wallboard', async () => {
    await maria.getByRole('button', { name: 'Poistu puhelusta' }).click();
    await maria.getByRole('region', { name: 'Käynnissä olevat palvelutapahtumat', exact: true }).waitFor();
    for (const page of [point, aino]) {
      await page
        .getByTestId('participant-notice')
        .filter({ hasText: 'Esihenkilö Maria Lahtinen poistui puhelusta.' })
        .waitFor();
      await waitFor(
        'the supervisor tile gone',
        async () => (await page.locator('[data-participant="supervisor:maria"]').count()) === 0,
      );
      await waitFor(
        'the supervisor out of the list',
        async () => (await page.getByTestId('participants').getByText('Maria Lahtinen').count()) === 0,
      );
    }
    // The wallboard's list of sessions in progress, axe-clean in every language (checked last:
    // axe is heavy, and a loaded machine makes the apps step their video down).
    await checkInEveryLanguage(maria, 'supervisor-wallboard-live', async (code) => {
      const name = { fi: /Liity puheluun/, sv: /Anslut till samtalet/, en: /Join the call/ }[code] ?? /./;
      await maria.getByRole('button', { name }).first().waitFor();
    });
  });
});
