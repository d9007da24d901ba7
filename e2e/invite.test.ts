/**
 * A consultation (issue 14), in Chromium against the real stack with three real app pages: the
 * service point (Mikkeli), the specialist in the call (Aino, tax in Finnish) and a colleague of
 * Kela (Sanna). Aino invites "a colleague of Kela in Finnish" from the session view; the invite
 * rings at Sanna, who joins; everyone is told and sees her named tile; she sees the customer and
 * Aino; her leaving is told. axe finds nothing in fi, sv and en on the invite form and the invite.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser.js';
import { checkInEveryLanguage, decoded, newPage, openPoint, pick, signIn } from './support/call-pages.js';
import { type ProcessStack, startOpenCallStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(900_000);

let stack: ProcessStack;
let browser: Browser;
const pagesInCall: Page[] = [];

beforeAll(async () => {
  stack = await startOpenCallStack();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const JOINED = 'Konsultoiva asiantuntija Sanna Korhonen liittyi puheluun.';

describe('a specialist invites a colleague of another agency into the call', () => {
  let point: Page;
  let aino: Page;
  let sanna: Page;

  it('serves a customer, and invites a colleague of Kela in Finnish from the session view', async () => {
    aino = await newPage(browser, stack.agentConsoleUrl);
    await signIn(aino, 'aino');
    await aino.getByRole('button', { name: 'Vapaana' }).click();
    point = await newPage(browser, stack.pointClientUrl);
    await openPoint(point);
    await pick(point, '1. Virasto', 'Verohallinto');
    await pick(point, '2. Asiakkaan kieli', 'Suomi');
    await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
    await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await aino
      .getByRole('region', { name: /Uusi asiakas odottaa/ })
      .getByRole('button', { name: 'Vastaa' })
      .click();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();

    // Sanna of Kela is at work and free.
    sanna = await newPage(browser, stack.agentConsoleUrl);
    await signIn(sanna, 'sanna');
    await sanna.getByRole('button', { name: 'Vapaana' }).click();

    await aino.getByRole('button', { name: 'Kutsu puheluun' }).click();
    await aino.locator('#invite-agency').selectOption('kela');
    await aino.locator('#invite-language').selectOption('fi');
    await checkInEveryLanguage(aino, 'console-invite-form', async (code) => {
      const send = { fi: 'Lähetä kutsu', sv: 'Skicka inbjudan', en: 'Send the invite' }[code] ?? '';
      await aino.getByRole('button', { name: send }).waitFor();
    });
    await aino.getByRole('button', { name: 'Lähetä kutsu' }).click();
    await aino.getByTestId('invite-status').filter({ hasText: 'Kutsu soi: Sanna Korhonen.' }).waitFor();
  });

  it('rings at the colleague, who joins: everyone is told and sees everyone', async () => {
    const invite = sanna.getByRole('region', { name: /Kutsu puheluun/ });
    await invite.getByText('Aino Virtanen kutsuu sinut puheluun: Verohallinto, suomi.').first().waitFor();
    await checkInEveryLanguage(sanna, 'console-invite-incoming', async (code) => {
      const join = { fi: 'Liity puheluun', sv: 'Anslut till samtalet', en: 'Join the call' }[code] ?? '';
      await sanna.getByRole('button', { name: join }).waitFor();
    });
    await invite.getByRole('button', { name: 'Liity puheluun' }).click();
    await sanna.getByRole('heading', { name: 'Konsultaatio: Aino Virtanen' }).waitFor();
    await aino
      .getByTestId('invite-status')
      .filter({ hasText: 'Sanna Korhonen hyväksyi kutsun ja liittyy puheluun.' })
      .waitFor();
    for (const page of [point, aino]) {
      await page.getByTestId('participant-notice').filter({ hasText: JOINED }).waitFor();
      await page.getByTestId('participants').getByText('Sanna Korhonen').waitFor();
    }
    pagesInCall.push(point, aino, sanna);
    await decoded(sanna, 'point:mikkeli', 'the point decoded at the colleague', pagesInCall);
    await decoded(sanna, 'expert:aino', 'the specialist decoded at the colleague', pagesInCall);
    await decoded(point, 'expert:sanna', 'the colleague decoded at the point', pagesInCall);
    await decoded(aino, 'expert:sanna', 'the colleague decoded at the specialist', pagesInCall);
    // At the point the colleague's tile is named as such, beside the specialist's.
    expect(
      await point
        .locator('[data-participant="expert:sanna"]')
        .getByText('Konsultoiva asiantuntija Sanna Korhonen')
        .count(),
    ).toBe(1);
  });

  it('tells everyone when the colleague leaves; she is free again', async () => {
    await sanna.getByRole('button', { name: 'Poistu puhelusta' }).click();
    for (const page of [point, aino]) {
      await page
        .getByTestId('participant-notice')
        .filter({ hasText: 'Konsultoiva asiantuntija Sanna Korhonen poistui puhelusta.' })
        .waitFor();
      await waitFor(
        'the colleague tile gone',
        async () => (await page.locator('[data-participant="expert:sanna"]').count()) === 0,
      );
    }
    await sanna.getByRole('button', { name: 'Vapaana' }).and(sanna.locator('[disabled]')).waitFor();
  });

  it('invites their supervisor, who is rung in the console, joins with the microphone off and is announced with who invited', async () => {
    const maria = await newPage(browser, stack.agentConsoleUrl);
    await signIn(maria, 'maria');
    await maria.getByRole('region', { name: 'Käynnissä olevat palvelutapahtumat', exact: true }).waitFor();

    // The form is still open from the first invite (it shows how that went).
    const toggle = aino.getByRole('button', { name: 'Kutsu puheluun' });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await aino.locator('#invite-kind').selectOption('supervisor');
    await aino.getByRole('button', { name: 'Lähetä kutsu' }).click();
    await aino.getByTestId('invite-status').filter({ hasText: 'Kutsu soi: Maria Lahtinen.' }).waitFor();

    const invite = maria.getByRole('region', { name: /Kutsu puheluun/ });
    await invite
      .getByText(/Aino Virtanen kutsuu sinut esihenkilönä puheluun: Verohallinto, suomi\./)
      .first()
      .waitFor();
    await checkInEveryLanguage(maria, 'console-invite-supervisor', async (code) => {
      const join = { fi: 'Liity puheluun', sv: 'Anslut till samtalet', en: 'Join the call' }[code] ?? '';
      await maria.getByRole('button', { name: join, exact: true }).waitFor();
    });
    await invite.getByRole('button', { name: 'Liity puheluun', exact: true }).click();
    await maria.getByRole('heading', { name: 'Kutsuttuna puhelussa: Aino Virtanen' }).waitFor();
    await maria
      .getByRole('status')
      .filter({ hasText: /Mikrofonisi on/ })
      .filter({ hasText: 'Mikrofonisi on pois päältä.' })
      .waitFor();
    for (const page of [point, aino]) {
      await page
        .getByTestId('participant-notice')
        .filter({ hasText: 'Esihenkilö Maria Lahtinen liittyi puheluun. Kutsuja: Aino Virtanen.' })
        .waitFor();
      await page.getByTestId('participants').getByText('Maria Lahtinen').waitFor();
    }
    await decoded(maria, 'point:mikkeli', 'the point decoded at the invited supervisor', [point, aino, maria]);
    await decoded(maria, 'expert:aino', 'the specialist decoded at the invited supervisor', [point, aino, maria]);
    await screenshot(maria, 'console-invited-supervisor-call');

    await maria.getByRole('button', { name: 'Poistu puhelusta' }).click();
    for (const page of [point, aino]) {
      await page
        .getByTestId('participant-notice')
        .filter({ hasText: /Esihenkilö Maria Lahtinen poistui puhelusta/ })
        .waitFor();
    }
  });
});
