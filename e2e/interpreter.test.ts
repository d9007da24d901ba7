/**
 * A call with a sign-language interpreter and a supervisor (issue 14), in Chromium against the real
 * stack with four real app pages: the service point (Mikkeli), the specialist's console (Aino, tax
 * in Finnish), the interpreter's console (Satu, Finnish Sign Language with Finnish) and the
 * supervisor's console (Maria).
 *
 * The advisor asks for an interpreter; while Satu is away the waiting screen says one is being
 * arranged; when she is free the offer rings at both, and the call starts once both accepted. Each
 * page decodes the others' video; on the point Satu's picture is pinned first and large; Maria
 * joins from the wallboard and everyone is told. axe finds nothing in fi, sv and en on the new
 * screens; screenshots are taken.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { checkInEveryLanguage, decoded, newPage, openPoint, pick, signIn } from './support/call-pages.js';
import { type ProcessStack, startOpenCallStack } from './support/stack.js';

jest.setTimeout(900_000);

let stack: ProcessStack;
let browser: Browser;
const pagesInCall: Page[] = [];
/** Four pages on one machine: a step-down under load climbs back by tries that back off. */
const FOUR_PARTY_MS = 180_000;

beforeAll(async () => {
  stack = await startOpenCallStack();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a call with a sign-language interpreter, a specialist and a supervisor', () => {
  let point: Page;
  let aino: Page;
  let satu: Page;
  let maria: Page;

  it('asks for an interpreter at the point and says one is being arranged while none is free', async () => {
    aino = await newPage(browser, stack.agentConsoleUrl);
    await signIn(aino, 'aino');
    await aino.getByRole('button', { name: 'Vapaana' }).click();
    // Maria watches the wallboard, to join as soon as the call starts.
    maria = await newPage(browser, stack.agentConsoleUrl);
    await signIn(maria, 'maria');
    // Satu is at work but away: the request may wait for her.
    satu = await newPage(browser, stack.agentConsoleUrl);
    await signIn(satu, 'satu');
    await satu.getByRole('button', { name: 'Merkitse poissa' }).click();

    point = await newPage(browser, stack.pointClientUrl);
    await openPoint(point);
    await pick(point, '1. Virasto', 'Verohallinto');
    await pick(point, '2. Asiakkaan kieli', 'Suomi');
    await checkInEveryLanguage(point, 'point-start-interpreter', async (code) => {
      const group = { fi: 'Tarvitaanko tulkkia?', sv: 'Behövs en tolk?', en: 'Is an interpreter needed?' }[code] ?? '';
      await point.getByRole('radiogroup', { name: group }).waitFor();
    });
    await pick(point, 'Tarvitaanko tulkkia?', 'suomalainen viittomakieli');
    await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
    await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await point.getByText(/Tulkkia järjestetään \(suomalainen viittomakieli\)/).waitFor();
    await checkInEveryLanguage(point, 'point-waiting-interpreter', async (code) => {
      const text = { fi: /Tulkkia järjestetään/, sv: /En tolk ordnas/, en: /An interpreter is being arranged/ }[code];
      await point.getByText(text ?? /./).waitFor();
    });
    // Aino is free, but no offer rings without the interpreter.
    expect(await aino.getByRole('region', { name: /Uusi asiakas odottaa/ }).count()).toBe(0);
  });

  it('rings at both when the interpreter is free, and starts the call once both accepted', async () => {
    await satu.getByRole('button', { name: 'Vapaana' }).click();
    const atSatu = satu.getByRole('region', { name: /Tulkkaus: asiakas odottaa/ });
    const atAino = aino.getByRole('region', { name: /Uusi asiakas odottaa/ });
    await atSatu.waitFor();
    await atAino.waitFor();
    await atAino.getByText(/Puhelu yhdessä: tulkki Satu Mäkelä, tulkattava kieli suomalainen viittomakieli/).waitFor();
    await checkInEveryLanguage(satu, 'console-offer-interpreter', async (code) => {
      const heading = {
        fi: /Tulkkaus: asiakas odottaa/,
        sv: /Tolkning: en kund väntar/,
        en: /Interpreting: a customer is waiting/,
      }[code];
      await satu.getByRole('heading', { name: heading ?? /./ }).waitFor();
    });

    // Satu accepts first: she is told whom she waits for, Aino that Satu has accepted.
    await atSatu.getByRole('button', { name: 'Vastaa' }).click();
    await atSatu.getByText('Hyväksyit. Odotetaan: asiantuntija Aino Virtanen.').waitFor();
    await atAino.getByText('Hyväksynyt jo: tulkki Satu Mäkelä.').waitFor();
    await checkInEveryLanguage(aino, 'console-offer-with-interpreter', async (code) => {
      const text = { fi: /Hyväksynyt jo/, sv: /Har redan godkänt/, en: /Already accepted/ }[code];
      await aino.getByText(text ?? /./).waitFor();
    });
    await atAino.getByRole('button', { name: 'Vastaa' }).click();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await satu.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await satu.getByTestId('interpreting').filter({ hasText: 'Aino Virtanen' }).waitFor();
    await point.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();
    // Everyone sees who is in the call, by role and name, the customer included.
    for (const page of [point, aino, satu]) {
      await page.getByTestId('participants').getByText('Satu Mäkelä').waitFor();
      await page.getByTestId('participants').getByText('Aino Virtanen').waitFor();
    }
  });

  it('lets the supervisor join from the wallboard at once, told to everyone', async () => {
    const live = maria.getByRole('region', { name: 'Käynnissä olevat palvelutapahtumat', exact: true });
    await live.getByRole('button', { name: /Liity puheluun: .*Mikkeli/ }).click();
    await maria
      .getByRole('alertdialog', { name: 'Liitytäänkö puheluun?' })
      .getByRole('button', { name: 'Liity', exact: true })
      .click();
    await maria.getByRole('heading', { name: /Puhelu: .*Mikkeli/ }).waitFor();
    for (const page of [point, aino, satu]) {
      await page
        .getByTestId('participant-notice')
        .filter({ hasText: 'Esihenkilö Maria Lahtinen liittyi puheluun.' })
        .waitFor();
    }
  });

  // Everyone is in the call before anything heavy runs: a loaded machine makes the apps step their
  // video down, and a picture paused before a page first decodes it would keep it blank.
  it('decodes everyone on every page and pins the sign-language interpreter large at the point', async () => {
    pagesInCall.push(point, aino, satu, maria);
    const seen: [Page, string, string][] = [
      [point, 'interpreter:satu', 'the interpreter decoded at the point'],
      [point, 'expert:aino', 'the specialist decoded at the point'],
      [point, 'supervisor:maria', 'the supervisor decoded at the point'],
      [aino, 'interpreter:satu', 'the interpreter decoded at the specialist'],
      [aino, 'point:mikkeli', 'the point decoded at the specialist'],
      [satu, 'point:mikkeli', 'the point decoded at the interpreter'],
      [satu, 'expert:aino', 'the specialist decoded at the interpreter'],
      [satu, 'supervisor:maria', 'the supervisor decoded at the interpreter'],
      [maria, 'point:mikkeli', 'the point decoded at the supervisor'],
      [maria, 'expert:aino', 'the specialist decoded at the supervisor'],
      [maria, 'interpreter:satu', 'the interpreter decoded at the supervisor'],
    ];
    await Promise.all(seen.map(([page, id, what]) => decoded(page, id, what, pagesInCall, FOUR_PARTY_MS)));

    // The interpreter's tile comes first on the point's grid, marked pinned, and is the largest.
    const grid = point.getByTestId('call-grid');
    expect(await grid.locator('li').first().getAttribute('data-participant')).toBe('interpreter:satu');
    expect(await grid.locator('[data-participant="interpreter:satu"]').getAttribute('data-pinned')).toBe('true');
    const area = (participant: string) =>
      grid.locator(`[data-participant="${participant}"]`).evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.width * box.height;
      });
    for (const other of ['expert:aino', 'supervisor:maria'])
      expect(await area('interpreter:satu')).toBeGreaterThan(await area(other));
  });

  // axe is heavy, and a loaded machine makes the apps step their video down: the screens are
  // checked once everyone has been seen decoding.
  it('has no accessibility violations in the calls, in fi, sv and en', async () => {
    await checkInEveryLanguage(point, 'point-call-interpreter', async (code) => {
      const heading = { fi: 'Puhelussa', sv: 'I samtalet', en: 'In the call' }[code] ?? '';
      await point.getByRole('heading', { name: heading }).waitFor();
    });
    await checkInEveryLanguage(satu, 'console-session-interpreter', async (code) => {
      const text = { fi: /Tulkkaat tätä puhelua/, sv: /Du tolkar det här samtalet/, en: /You are interpreting/ }[code];
      await satu
        .getByTestId('interpreting')
        .filter({ hasText: text ?? /./ })
        .waitFor();
    });
  });

  it('ends the call: the interpreter is free at once, the specialist goes to wrap-up', async () => {
    await maria.getByRole('button', { name: 'Poistu puhelusta' }).click();
    await aino.getByRole('button', { name: 'Lopeta palvelu' }).click();
    await aino.getByRole('alertdialog').getByRole('button', { name: 'Lopeta palvelu' }).click();
    await aino.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
    // Satu's part is over: back to the idle view, free again (her "available" is the state now).
    await satu.getByRole('button', { name: 'Vapaana' }).and(satu.locator('[disabled]')).waitFor();
    expect(await satu.getByRole('heading', { name: 'Jälkikirjaus' }).count()).toBe(0);
  });
});
