/**
 * The specialist console and the supervisor wallboard against the real stack in Chromium. A service
 * point (a protocol-level client, as the point app would be) asks for the Tax Administration in
 * Finnish; the wallboard shows it waiting; Aino goes available, is offered it, accepts, survives a
 * reload in the session, transfers the visit to Kela with a note and records the outcome; Sanna is
 * offered the transferred visit with the note, accepts, ends and records hers; the wallboard's
 * figures and lists follow live. Every console screen is checked with axe in fi, sv and en and
 * photographed into docs/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, decodedVideo, openPage, type Stats, waitForStats } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(300_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // Offers ring long enough for three languages of axe; the wallboard samples every second so
    // its charts have a line to draw; the lists are checked twice a second.
    env: {
      OFFER_TIMEOUT_SECONDS: '300',
      WRAP_UP_LIMIT_SECONDS: '300',
      SUPERVISION_SAMPLE_SECONDS: '1',
      SUPERVISION_PUSH_SECONDS: '0.5',
    },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(stack.agentConsoleUrl);
  return page;
}

async function chooseLanguage(page: Page, button: string) {
  await page
    .getByRole('radio', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
}

async function signIn(page: Page, username: string) {
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill('etapiste-demo');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
}

/** axe finds nothing and a screenshot is taken, in each language; ends in Finnish. */
async function checkInEveryLanguage(
  page: Page,
  name: string,
  ready?: (code: (typeof LANGUAGES)[number]['code']) => Promise<void>,
) {
  for (const { code, button } of LANGUAGES) {
    await chooseLanguage(page, button);
    expect(await page.locator('html').getAttribute('lang')).toBe(code);
    await ready?.(code);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, `${name}-${code}`);
  }
  await chooseLanguage(page, 'Suomi');
}

/** Shows the chosen report until it has `count` rows (the ledger's worker may still be writing). */
async function showReportRows(page: Page, count: number) {
  await waitFor(`${count} rows in the report`, async () => {
    await page.getByRole('button', { name: 'Näytä' }).click();
    return (
      (await page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^${count} riviä?\\.$`) })
        .count()) === 1
    );
  });
}

/** The wallboard's figure in one column of one queue's row (column 0 is the attention column). */
function figure(page: Page, queue: string, column: number) {
  return page
    .locator('tr', { has: page.getByRole('rowheader', { name: queue, exact: true }) })
    .getByRole('cell')
    .nth(column);
}

/**
 * The service point: the media test page (call-client in Chromium, fake camera and microphone)
 * opens a visit, publishes its camera, document camera and microphone into the visit's room and
 * asks for the Tax Administration in Finnish, as the point app does.
 */
async function pointRequest(): Promise<Page> {
  const point = await openPage(browser, stack.pageUrl);
  await call(point, 'init', stack.signalingUrl, { pointId: 'mikkeli', pointKey: 'demo-point-key-mikkeli' });
  const { visitId } = await call<{ visitId: string }>(point, 'request', 'visit:open', {});
  for (const source of ['microphone', 'camera', 'document-camera']) await call(point, 'publish', source);
  await call(point, 'join', { roomId: visitId });
  const result = await call<{ status: string }>(point, 'request', 'request:create', {
    agency: 'tax',
    language: 'fi',
    topic: 'tax-card',
    note: 'Asiakkaalla mukana viime vuoden päätös',
    // The demo agencies keep office hours; the test runs at any hour, so the customer waits.
    whenUnavailable: 'wait',
  });
  if (result.status !== 'queued') throw new Error(`request refused: ${JSON.stringify(result)}`);
  return point;
}

/** Frames decoded by the console's main video (the customer's camera or the enlarged source). */
async function mainVideoFrames(page: Page, label: string): Promise<number> {
  return page
    .getByRole('region', { name: /Asiakkaan video|Kundens video|Customer's video/ })
    .evaluate((region, name) => {
      const video = Array.from(region.querySelectorAll('video')).find((v) => v.getAttribute('aria-label') === name);
      return (video as HTMLVideoElement | undefined)?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
    }, label);
}

// One visit told in steps that share its pages: a step fails alone with its name (and its own
// timeout) instead of the whole story timing out as one test.
describe('specialist console and wallboard: one visit offered, served, transferred and wrapped up', () => {
  let wallboard: Page;
  let aino: Page;
  let sanna: Page;
  let point: Page;

  afterAll(async () => {
    for (const page of [aino, sanna, wallboard, point]) await page?.context().close();
  });

  it('the wallboard shows a customer waiting while nobody is available; Aino is offered it', async () => {
    wallboard = await newPage(1920, 1080);
    await signIn(wallboard, 'maria');
    await wallboard.getByRole('heading', { name: 'Jonot nyt' }).waitFor();
    await expect(figure(wallboard, 'Verohallinto · suomi', 1).textContent()).resolves.toBe('0');

    aino = await newPage();
    await signIn(aino, 'aino');
    await aino.getByRole('heading', { name: 'Hei, Aino Virtanen' }).waitFor();
    await aino.getByRole('heading', { name: 'Jononi nyt' }).waitFor();
    await checkInEveryLanguage(aino, 'console-home');

    // The customer asks while nobody is available: the wallboard shows them waiting, flagged.
    point = await pointRequest();
    await figure(wallboard, 'Verohallinto · suomi', 1).filter({ hasText: /^1$/ }).waitFor();
    await wallboard.getByText('Ei ketään vapaana').first().waitFor();
    expect(await accessibilityViolations(wallboard)).toEqual([]);
    await screenshot(wallboard, 'wallboard-waiting-fi');
    await wallboard
      .locator('tr', { has: wallboard.getByRole('rowheader', { name: 'Asiointipiste Mikkeli' }) })
      .getByText('Asiakas jonossa – Verohallinto · suomi')
      .waitFor();

    // Aino goes available and is offered the request at once: visible, announced, focused.
    await aino.getByRole('button', { name: 'Vapaana' }).click();
    const offer = aino.getByRole('region', { name: /Uusi asiakas odottaa/ });
    await offer.waitFor();
    await expect(aino.getByRole('alert').first().textContent()).resolves.toContain(
      'Uusi asiakas: Verohallinto, suomi, Asiointipiste Mikkeli',
    );
    for (const text of ['Verokortti', 'Asiakkaalla mukana viime vuoden päätös']) await offer.getByText(text).waitFor();
    expect(await aino.evaluate(() => document.activeElement?.textContent)).toBe('Vastaa');
    await wallboard
      .locator('tr', { has: wallboard.getByRole('rowheader', { name: 'Aino Virtanen' }) })
      .getByText('Tarjous tulossa')
      .waitFor();
    await checkInEveryLanguage(aino, 'console-offer', async (code) => {
      const heading = { fi: 'Uusi asiakas odottaa', sv: 'En ny kund väntar', en: 'A new customer is waiting' }[code];
      await aino.getByRole('heading', { name: heading }).waitFor();
    });
  });

  it('Aino accepts with the keyboard and both ends see each other; a reload keeps the session', async () => {
    // Accept with the keyboard (the language checks moved focus to the switcher).
    await aino.getByRole('button', { name: 'Vastaa' }).focus();
    await aino.keyboard.press('Enter');
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await aino.getByText('Asiakkaalla mukana viime vuoden päätös').waitFor();
    // Both ends decode each other's video: the customer's camera large in the console, the
    // specialist's camera at the point.
    await waitFor(
      'the customer camera in the console',
      async () => (await mainVideoFrames(aino, 'Asiakkaan kamera')) > 0,
    );
    await waitForStats(point, (stats: Stats[]) => decodedVideo(stats) > 0, "the specialist's camera at the point");
    // The document camera is one press from the stage.
    await aino.getByRole('button', { name: 'Suurenna: Asiakirjakamera' }).click();
    await waitFor('the document camera enlarged', async () => (await mainVideoFrames(aino, 'Asiakirjakamera')) > 0);
    await aino.getByRole('button', { name: 'Suurenna: Asiakkaan kamera' }).waitFor();
    await aino.getByRole('button', { name: 'Mykistä mikrofoni' }).click();
    await aino.getByRole('button', { name: 'Mikrofoni päälle' }).waitFor();
    await figure(wallboard, 'Verohallinto · suomi', 6).filter({ hasText: /^1$/ }).waitFor();
    await wallboard
      .locator('tr', { has: wallboard.getByRole('rowheader', { name: 'Aino Virtanen' }) })
      .getByText('Palvelemassa')
      .waitFor();
    await checkInEveryLanguage(aino, 'console-session');

    // A reload keeps the session, with the advisor's note.
    await aino.reload();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await aino.getByText('Asiakkaalla mukana viime vuoden päätös').waitFor();
    await waitFor(
      'the customer camera after the reload',
      async () => (await mainVideoFrames(aino, 'Asiakkaan kamera')) > 0,
    );
  });

  it('Aino transfers the visit to Kela with a note; Sanna accepts it and survives a network drop', async () => {
    // Sanna is ready for Kela before Aino transfers (Aino, in wrap-up, is not offered it).
    sanna = await newPage();
    await signIn(sanna, 'sanna');
    await sanna.getByRole('button', { name: 'Vapaana' }).click();
    await sanna
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    await aino.getByRole('button', { name: 'Siirrä toiseen jonoon' }).click();
    await aino.getByLabel('Virasto', { exact: true }).selectOption('kela');
    await aino.getByLabel('Palvelukieli', { exact: true }).selectOption('fi');
    await aino.getByLabel('Viesti seuraavalle asiantuntijalle').fill('Verokortti tehty, asumistuki kesken');
    await checkInEveryLanguage(aino, 'console-transfer', async (code) => {
      const label = {
        fi: 'Viesti seuraavalle asiantuntijalle',
        sv: 'Meddelande till nästa sakkunniga',
        en: 'Note for the next specialist',
      }[code];
      await aino.getByLabel(label).waitFor();
    });
    await aino.getByRole('button', { name: 'Siirrä', exact: true }).click();
    await aino.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
    await aino.getByText('Asiakas siirrettiin toiseen jonoon').waitFor();

    // Sanna is offered the transferred visit, with Aino's note, and accepts.
    const transferred = sanna.getByRole('region', { name: /Siirretty asiakas odottaa/ });
    await transferred.waitFor();
    await transferred.getByText('Verokortti tehty, asumistuki kesken').waitFor();
    await transferred.getByRole('button', { name: 'Vastaa' }).click();
    await sanna.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await waitFor(
      'the customer camera at the second specialist',
      async () => (await mainVideoFrames(sanna, 'Asiakkaan kamera')) > 0,
    );

    // A network drop in the middle of Sanna's session: the console says so, reconnects, and the
    // session is still there.
    await sanna.context().setOffline(true);
    await sanna.getByRole('status').filter({ hasText: 'Yhteys katkesi' }).waitFor();
    await sanna.context().setOffline(false);
    await sanna.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await sanna.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    const framesAfterDrop = await mainVideoFrames(sanna, 'Asiakkaan kamera');
    await waitFor(
      'the customer camera again after the drop',
      async () => (await mainVideoFrames(sanna, 'Asiakkaan kamera')) > framesAfterDrop + 10,
      30_000,
    );
  });

  it('both record their outcomes, Sanna with the keyboard only; the wallboard follows', async () => {
    // Aino records her outcome, after trying to save without one.
    await checkInEveryLanguage(aino, 'console-wrap-up', async (code) => {
      const heading = { fi: 'Jälkikirjaus', sv: 'Efterarbete', en: 'Wrap-up' }[code];
      await aino.getByRole('heading', { name: heading }).waitFor();
    });
    await aino.getByRole('button', { name: 'Tallenna ja vapaudu' }).click();
    await aino.getByRole('alert').filter({ hasText: 'Valitse lopputulos.' }).waitFor();
    await aino.getByRole('radio', { name: 'Asia hoidettu' }).check();
    await aino.getByRole('button', { name: 'Tallenna ja vapaudu' }).click();
    await aino
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    // Sanna ends and records hers; she is available again.
    // Keyboard only: end and confirm (Tab from "continue" to "end"), then the wrap-up's heading
    // has focus; Tab to the outcomes, arrow to the second, Tab past the note to save.
    await sanna.getByRole('button', { name: 'Lopeta palvelu' }).focus();
    await sanna.keyboard.press('Enter');
    await sanna.getByRole('alertdialog').waitFor();
    await sanna.keyboard.press('Tab');
    await sanna.keyboard.press('Enter');
    await sanna.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
    expect(await sanna.evaluate(() => document.activeElement?.textContent)).toBe('Jälkikirjaus');
    await sanna.keyboard.press('Tab');
    await sanna.keyboard.press('ArrowDown');
    expect(await sanna.getByRole('radio', { name: 'Opastettu verkkoasiointiin' }).isChecked()).toBe(true);
    await sanna.keyboard.press('Tab');
    await sanna.keyboard.press('Tab');
    await sanna.keyboard.press('Enter');
    await sanna
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    // The wallboard: one answered in each queue, nobody waiting, both specialists available.
    await figure(wallboard, 'Kela · suomi', 6).filter({ hasText: /^1$/ }).waitFor();
    await expect(figure(wallboard, 'Verohallinto · suomi', 1).textContent()).resolves.toBe('0');
    for (const name of ['Aino Virtanen', 'Sanna Korhonen']) {
      await wallboard
        .locator('tr', { has: wallboard.getByRole('rowheader', { name }) })
        .getByText('Vapaana')
        .waitFor();
    }
    await checkInEveryLanguage(wallboard, 'wallboard', async (code) => {
      const heading = { fi: 'Jonot nyt', sv: 'Köerna nu', en: 'Queues now' }[code];
      await wallboard.getByRole('heading', { name: heading }).waitFor();
    });
  });

  it("the reports show the visit's two transactions, its demand and service level", async () => {
    // Reports: the visit's two transactions (one per agency), on screen and in the CSV.
    await wallboard.setViewportSize({ width: 1920, height: 1080 });
    await wallboard.getByRole('tab', { name: 'Raportit' }).click();
    await wallboard.getByLabel('Raportti').selectOption({ label: 'Asioinnit yksitellen' });
    await waitFor('two transactions in the report', async () => {
      await wallboard.getByRole('button', { name: 'Näytä' }).click();
      return (
        (await wallboard
          .getByRole('status')
          .filter({ hasText: /^2 riviä\.$/ })
          .count()) === 1
      );
    });
    const rows = wallboard.getByRole('table').getByRole('row');
    await expect(rows.count()).resolves.toBe(3);
    for (const agency of ['Verohallinto', 'Kela']) await rows.filter({ hasText: agency }).first().waitFor();
    const [download] = await Promise.all([
      wallboard.waitForEvent('download'),
      wallboard.getByRole('button', { name: 'Lataa CSV' }).click(),
    ]);
    const csvPath = await download.path();
    const csv = (await readFile(csvPath, 'utf8')).trim().split(/\r?\n/);
    expect(csv).toHaveLength(3);
    expect(
      csv
        .slice(1)
        .map((line) => (line.includes(';tax;') ? 'tax' : line.includes(';kela;') ? 'kela' : line))
        .sort(),
    ).toEqual(['kela', 'tax']);
    // One visit: both rows carry the same visit id (the second column); Finnish Excel's semicolons.
    expect(new Set(csv.slice(1).map((line) => line.split(';')[1])).size).toBe(1);
    await checkInEveryLanguage(wallboard, 'console-reports', async (code) => {
      const heading = { fi: 'Raportit', sv: 'Rapporter', en: 'Reports' }[code];
      await wallboard.getByRole('heading', { name: heading }).waitFor();
    });

    // Demand for the point: one row per agency, each naming the point (in the UI language).
    await wallboard
      .getByLabel('Raportti')
      .selectOption({ label: 'Kysyntä asiointipisteen, viraston ja kielen mukaan' });
    await wallboard.getByLabel('Asiointipiste', { exact: true }).selectOption({ label: 'Asiointipiste Mikkeli' });
    await showReportRows(wallboard, 2);
    for (const agency of ['Verohallinto', 'Kela']) {
      const row = rows.filter({ hasText: agency });
      await expect(row.count()).resolves.toBe(1);
      await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('Asiointipiste Mikkeli');
      // Answered 1, nobody abandoned, cancelled or was denied: abandonment 0 %.
      await expect(row.getByRole('cell').nth(4).textContent()).resolves.toBe('1');
      await expect(row.getByRole('cell').nth(8).textContent()).resolves.toBe('0\u00a0%');
    }
    await checkInEveryLanguage(wallboard, 'console-reports-demand', async (code) => {
      const point = { fi: 'Asiointipiste Mikkeli', sv: 'Servicepunkt S:t Michel', en: 'Service point Mikkeli' }[code];
      await expect(rows.filter({ hasText: point }).count()).resolves.toBe(2);
    });

    // Service level per point × agency, with the unanswered demand beside it.
    await wallboard.getByLabel('Raportti').selectOption({ label: 'Palvelutaso asiointipisteittäin' });
    await showReportRows(wallboard, 2);
    await expect(rows.filter({ hasText: 'Asiointipiste Mikkeli' }).count()).resolves.toBe(2);
    await wallboard.getByRole('columnheader', { name: 'Keskeytyneiden osuus' }).waitFor();
    expect(await accessibilityViolations(wallboard)).toEqual([]);
    await screenshot(wallboard, 'console-reports-service-level-fi');
  });
});
