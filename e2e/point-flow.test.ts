/**
 * The service point app against the real stack in Chromium (fake camera and microphone). The point
 * signs in, chooses the Tax Administration in Finnish, checks its devices, is told nobody is online
 * and chooses to wait; a reload keeps its place; a specialist (the media test page as Aino, a
 * protocol-level client with real media) accepts, the point decodes her video, she transfers the
 * visit to Kela and the point waits again without starting over; she accepts that too and ends;
 * the customer's feedback is sent and found in the reports API. Also: cancel while waiting, and
 * "nobody online in Swedish" with the explicit choices. Every screen is checked with axe in fi, sv
 * and en and photographed into docs/screenshots/point-*.png.
 *
 * The demo agencies keep office hours; this file runs on a copy of the seed that is open around
 * the clock, so the "nobody online" answers do not depend on the hour the tests run at.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, decodedVideo, openPage, waitForStats } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(300_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // Every agency open every day, all day.
    seed: (seed) => {
      for (const agency of seed.agencies) {
        agency.openingHours = Object.fromEntries(
          ['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { opens: '00:00', closes: '24:00' }]),
        );
      }
    },
    env: { OFFER_TIMEOUT_SECONDS: '90', WRAP_UP_LIMIT_SECONDS: '300' },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function pointPage(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[point page] ${error.message}\n`));
  await page.goto(stack.pointClientUrl);
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
  await page.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
  await page.getByRole('button', { name: 'Ota käyttöön' }).click();
  await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
  return page;
}

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

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
async function pick(page: Page, group: string | RegExp, name: string) {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

/** Chooses the agency, the customer's language and optionally a topic and a note, then continues. */
async function start(page: Page, choice: { agency: string; language: string; topic?: string; note?: string }) {
  await pick(page, '1. Virasto', choice.agency);
  await pick(page, '2. Asiakkaan kieli', choice.language);
  await pick(page, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
  if (choice.topic) await pick(page, /4\. Aihe/, choice.topic);
  if (choice.note) await page.getByLabel(/5\. Viesti asiantuntijalle/).fill(choice.note);
}

async function deviceCheck(page: Page) {
  await page.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
  await page.getByRole('heading', { name: 'Tarkistetaan kamera, mikrofoni ja yhteys' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
}

/** Frames the point's page has decoded in the specialist's large video. */
function specialistFrames(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video.call__remote');
    return video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
  });
}

/** The specialist: the media test page signed in as Aino, camera and microphone on. */
async function specialist(): Promise<Page> {
  const expert = await openPage(browser, stack.pageUrl);
  await call(expert, 'init', stack.signalingUrl, { username: 'aino', password: 'etapiste-demo' });
  await call(expert, 'prepare');
  await call(expert, 'publish', 'microphone');
  await call(expert, 'publish', 'camera');
  return expert;
}

async function adminToken(): Promise<string> {
  const response = await fetch(`${stack.signalingUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'etapiste-demo' }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let expert: Page;

describe('service point app', () => {
  it('asks for a specialist, keeps its place over a reload, is served, transferred, served again and gives feedback', async () => {
    const page = await pointPage();
    await checkInEveryLanguage(page, 'point-start');
    await start(page, {
      agency: 'Verohallinto',
      language: 'Suomi',
      topic: 'Verokortti',
      note: 'Asiakkaalla mukana viime vuoden päätös',
    });
    await screenshot(page, 'point-start-chosen-fi');
    await deviceCheck(page);
    // The camera shows, the microphone meter is there, the connection to the SFU was tried.
    await page.getByRole('meter', { name: 'Mikrofonin äänitaso' }).waitFor();
    await waitFor('the camera preview', () =>
      page.evaluate(() => (document.querySelector<HTMLVideoElement>('video.preview__video')?.videoWidth ?? 0) > 0),
    );
    await checkInEveryLanguage(page, 'point-check', async (code) => {
      const ok = { fi: 'Yhteys toimii.', sv: 'Förbindelsen fungerar.', en: 'The connection works.' }[code] ?? '';
      await page.getByRole('status').filter({ hasText: ok }).waitFor();
    });

    // Nobody is online: said plainly, and the advisor chooses to wait anyway.
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await page
      .getByRole('heading', { name: 'Verohallinto: suomenkielistä asiantuntijaa ei ole nyt paikalla' })
      .waitFor();
    await page.getByRole('button', { name: /Odota silti jonossa/ }).click();
    await page.getByRole('heading', { name: 'Odotetaan asiantuntijaa' }).waitFor();
    const position = page.getByRole('status').filter({ hasText: 'Olette jonossa sijalla 1.' });
    await position.waitFor();
    const ticketBefore = await page.evaluate(() => localStorage.getItem('etapiste.point.ticket'));
    expect(JSON.parse(ticketBefore ?? '{}').resumeToken).toEqual(expect.any(String));

    // A reload finds the same place in the queue (and sets up the media again).
    await page.reload();
    await page.getByRole('heading', { name: 'Odotetaan asiantuntijaa' }).waitFor();
    await position.waitFor();
    expect(
      JSON.parse((await page.evaluate(() => localStorage.getItem('etapiste.point.ticket'))) ?? '{}').ticketId,
    ).toBe(JSON.parse(ticketBefore ?? '{}').ticketId);
    // A network drop while waiting: said, reconnected, the same place.
    await page.context().setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Yhteys katkesi' }).waitFor();
    await page.context().setOffline(false);
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await position.waitFor();
    await checkInEveryLanguage(page, 'point-waiting', async (code) => {
      const text = {
        fi: 'Olette jonossa sijalla 1.',
        sv: 'Ni är nummer 1 i kön.',
        en: 'You are number 1 in the queue.',
      }[code];
      await page.getByRole('status').filter({ hasText: text }).waitFor();
    });

    // Aino accepts: the call screen shows her video, decoded by the point's page.
    expert = await specialist();
    await call(expert, 'armAccept', {});
    await call(expert, 'request', 'presence:set', { state: 'available' });
    const first = await call<{ sessionId: string; visitId: string }>(expert, 'served');
    await page.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();
    await waitFor('the specialist video decoded at the point', async () => (await specialistFrames(page)) > 10);
    await waitForStats(expert, (stats) => decodedVideo(stats) > 10, 'the point camera at the specialist');

    // The document camera goes to the specialist as its own video.
    await page.getByRole('button', { name: 'Näytä paperi' }).click();
    await waitForStats(expert, (stats) => decodedVideo(stats, 'document-camera') > 5, 'the document camera');
    expect(await page.getByRole('button', { name: 'Näytä paperi' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Mykistä mikrofoni' }).click();
    expect(await page.getByRole('button', { name: 'Mykistä mikrofoni' }).getAttribute('aria-pressed')).toBe('true');
    await page
      .getByRole('status')
      .filter({ hasText: /Yhteyden laatu: (hyvä|kohtalainen|heikko)/ })
      .waitFor();
    await checkInEveryLanguage(page, 'point-call');

    // A network drop mid-call: a clear message while it reconnects, then her video goes on.
    await page.context().setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'Yhteys katkesi hetkeksi' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'point-call-reconnecting-fi');
    await page.context().setOffline(false);
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    const framesAfterDrop = await specialistFrames(page);
    await waitFor(
      'the specialist video after the drop',
      async () => (await specialistFrames(page)) > framesAfterDrop + 10,
      30_000,
    );
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'point-call-1920-fi');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The specialist transfers the visit to Kela: the point waits again, nothing to start over.
    await call(expert, 'request', 'session:transfer', { sessionId: first.sessionId, agency: 'kela', language: 'fi' });
    await page.getByText(/Asiointinne siirrettiin eteenpäin\. Seuraavaksi teitä palvelee: Kela\./).waitFor();
    await page.getByRole('status').filter({ hasText: 'Olette jonossa sijalla 1.' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'point-transferred-fi');

    // Aino wraps up the first session, becomes available and is offered the Kela request.
    await call(expert, 'armAccept', {});
    await call(expert, 'request', 'session:wrap-up', { sessionId: first.sessionId, outcome: 'referred' });
    const second = await call<{ sessionId: string; visitId: string }>(expert, 'served');
    expect(second.visitId).toBe(first.visitId);
    await page.getByRole('heading', { name: 'Videopuhelu: Kela' }).waitFor({ state: 'attached' });
    await waitFor('the specialist video after the transfer', async () => (await specialistFrames(page)) > 10);

    // The call ends: feedback in the customer's language (Finnish), five faces, a comment.
    await call(expert, 'request', 'session:end', { sessionId: second.sessionId });
    await page.getByRole('heading', { name: 'Miten asiointi onnistui?' }).waitFor();
    await checkInEveryLanguage(page, 'point-feedback');
    await pick(page, 'Valitse kasvo', 'Hyvin');
    await page.getByLabel(/Haluatko kertoa lisää/).fill('Selkeä opastus, kiitos');
    await page.getByRole('button', { name: 'Lähetä palaute' }).click();
    await page.getByRole('heading', { name: 'Kiitos!' }).waitFor();
    await checkInEveryLanguage(page, 'point-thanks');

    // Stored with the session: the reports API counts it for the point and Kela.
    const token = await adminToken();
    let rows: { agency: string; responses: number; rating4: number; commented: number }[] = [];
    await waitFor('the feedback in the reports', async () => {
      const response = await fetch(
        `${stack.signalingUrl}/api/reports/feedback?from=${day(-1)}&to=${day(1)}&pointId=mikkeli`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      rows = ((await response.json()) as { rows: typeof rows }).rows ?? [];
      return rows.some((r) => r.agency === 'kela' && r.responses === 1);
    });
    expect(rows.find((r) => r.agency === 'kela')).toMatchObject({ responses: 1, rating4: 1, commented: 1 });

    await page.getByRole('button', { name: 'Aloita uusi asiointi' }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('etapiste.point.ticket'))).toBeNull();
    await call(expert, 'request', 'session:wrap-up', { sessionId: second.sessionId, outcome: 'resolved' });
    await page.context().close();
  });

  it('cancels while waiting', async () => {
    const page = await pointPage();
    await start(page, { agency: 'TE-palvelut', language: 'Suomi' });
    await deviceCheck(page);
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await page.getByRole('button', { name: /Odota silti jonossa/ }).click();
    await page.getByRole('status').filter({ hasText: 'Olette jonossa sijalla 1.' }).waitFor();
    await page.getByRole('button', { name: 'Peru jonotus' }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await page.getByText('Jonotus peruttiin.').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('etapiste.point.ticket'))).toBeNull();
    // The queue has nothing of this point any more: a reload stays at the start.
    await page.reload();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.getByRole('heading', { name: 'Odotetaan asiantuntijaa' }).count()).toBe(0);
    await page.context().close();
  });

  it('says plainly when nobody is online in Swedish, offering the languages that are', async () => {
    // Aino (Finnish and English for the Tax Administration) is available; nobody serves Swedish.
    await call(expert, 'request', 'presence:set', { state: 'available' }).catch(() => undefined);
    const page = await pointPage();
    await start(page, { agency: 'Verohallinto', language: 'Svenska' });
    await deviceCheck(page);
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    await page
      .getByRole('heading', { name: 'Verohallinto: ruotsinkielistä asiantuntijaa ei ole nyt paikalla' })
      .waitFor();
    for (const language of ['suomeksi', 'englanniksi']) {
      await page.getByRole('button', { name: new RegExp(`Asioi ${language}`) }).waitFor();
    }
    await checkInEveryLanguage(page, 'point-unavailable', async (code) => {
      const heading = {
        fi: 'Verohallinto: ruotsinkielistä asiantuntijaa ei ole nyt paikalla',
        sv: 'Skatteförvaltningen: ingen sakkunnig på svenska är på plats nu',
        en: 'Tax Administration: no specialist is available in Swedish right now',
      }[code];
      await page.getByRole('heading', { name: heading }).waitFor();
    });
    // The advisor does not switch languages for the customer: they come back later instead.
    await page.getByRole('button', { name: /Tule takaisin myöhemmin/ }).click();
    await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await page.getByText('Tervetuloa uudelleen aukioloaikana.').waitFor();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'point-start-1920-fi');
    await page.context().close();
  });

  it('ends the call from the point only once the advisor confirms, and the specialist is told', async () => {
    await call(expert, 'request', 'presence:set', { state: 'available' }).catch(() => undefined);
    await call(expert, 'armAccept', {});
    const page = await pointPage();
    await start(page, { agency: 'Verohallinto', language: 'Suomi' });
    await deviceCheck(page);
    await page.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
    const served = await call<{ sessionId: string }>(expert, 'served');
    await page.getByRole('button', { name: 'Mykistä mikrofoni' }).waitFor();

    // "End" opens a dialog whose first choice is to go on; going on changes nothing.
    await page.getByRole('button', { name: 'Lopeta puhelu' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Lopetetaanko puhelu?' });
    await dialog.waitFor();
    expect(
      await dialog.getByRole('button', { name: 'Jatka puhelua' }).evaluate((b) => b === document.activeElement),
    ).toBe(true);
    // The dialog makes the rest of the page inert (the language switcher too): checked in Finnish.
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'point-call-end-fi');
    await dialog.getByRole('button', { name: 'Jatka puhelua' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await call<{ state: string }>(expert, 'request', 'presence:get', {})).toMatchObject({ state: 'in-session' });

    // Confirmed: the point goes on to the feedback, the specialist to wrap-up (told by a push).
    await page.getByRole('button', { name: 'Lopeta puhelu' }).click();
    await dialog.getByRole('button', { name: 'Lopeta puhelu' }).click();
    await page.getByRole('heading', { name: 'Miten asiointi onnistui?' }).waitFor();
    await waitFor('the specialist in wrap-up', async () => {
      const presence = await call<{ state: string }>(expert, 'request', 'presence:get', {});
      return presence.state === 'wrap-up';
    });
    const work = await call<{ session?: { sessionId: string } }>(expert, 'request', 'work:current', {});
    expect(work.session?.sessionId).toBe(served.sessionId);
    await page.context().close();
  });
});
