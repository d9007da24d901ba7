/**
 * The specialist's findings of issue 17 in Chromium against the real stack, each checked the way a
 * specialist meets it:
 *  - the home shows the specialist's own queues (waiting, longest wait ticking live), the status
 *    reads "not available" (not "not signed in") before the first choice, and focus starts at the
 *    main heading after sign-in;
 *  - at 200 % zoom (640×400 CSS px) the offer's Accept is on screen without scrolling, and "offer
 *    coming" is gone once the offer is there;
 *  - the document camera coming on is announced and one large button enlarges it;
 *  - "End" is not the primary button and asks first;
 *  - the transfer list says who is at work and how many wait per agency × language, and the next
 *    specialist's offer carries the real wait since the visit began, the topic, the advisor's note
 *    and who transferred it with their note;
 *  - wrap-up takes a note (no personal identity codes) and "save and go away".
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, openPage } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

// One long journey with three languages of axe at several stops; slow on a busy machine.
jest.setTimeout(900_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // No ledger: this test reads the queue's records, and a busy machine starts it slowly.
    env: { OFFER_TIMEOUT_SECONDS: '300', WRAP_UP_LIMIT_SECONDS: '600', LEDGER_ENABLED: 'false' },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  // Generous waits: this journey runs while other suites load the machine.
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
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

/** axe finds nothing in fi, sv and en (and, when named, a screenshot in each); ends in Finnish. */
async function checkInEveryLanguage(page: Page, name?: string) {
  for (const { code, button } of LANGUAGES) {
    await chooseLanguage(page, button);
    expect(await page.locator('html').getAttribute('lang')).toBe(code);
    expect(await accessibilityViolations(page)).toEqual([]);
    if (name) await screenshot(page, `${name}-${code}`);
  }
  await chooseLanguage(page, 'Suomi');
}

/** The cell of one of "my queues" (0 waiting, 1 longest wait, 2 specialists). */
function queueCell(page: Page, queue: string, column: number) {
  return page
    .getByRole('region', { name: 'Jononi nyt' })
    .locator('tr', { has: page.getByRole('rowheader', { name: queue, exact: true }) })
    .getByRole('cell')
    .nth(column);
}

/** `m:ss` as seconds. */
function seconds(text: string | null): number {
  const [m = 'NaN', s = 'NaN'] = (text ?? '').trim().split(':');
  return Number(m) * 60 + Number(s);
}

/**
 * The point: the media page opens a visit, publishes its camera and asks for Tax in Finnish; with
 * when the request was queued (epoch ms).
 */
async function pointRequest(): Promise<{ point: Page; enqueuedAt: number }> {
  const point = await openPage(browser, stack.pageUrl);
  await call(point, 'init', stack.signalingUrl, { pointId: 'mikkeli', pointKey: 'demo-point-key-mikkeli' });
  const { visitId } = await call<{ visitId: string }>(point, 'request', 'visit:open', {});
  for (const source of ['microphone', 'camera']) await call(point, 'publish', source);
  await call(point, 'join', { roomId: visitId });
  const result = await call<{ status: string; ticket?: { enqueuedAt: string } }>(point, 'request', 'request:create', {
    agency: 'tax',
    language: 'fi',
    topic: 'tax-card',
    note: 'Asiakkaalla mukana viime vuoden päätös',
    whenUnavailable: 'wait',
  });
  if (result.status !== 'queued' || !result.ticket) throw new Error(`request refused: ${JSON.stringify(result)}`);
  return { point, enqueuedAt: Date.parse(result.ticket.enqueuedAt) };
}

/** Frames decoded by the console's main video with this label. */
async function mainVideoFrames(page: Page, label: string): Promise<number> {
  return page
    .getByRole('region', { name: /Asiakkaan video|Kundens video|Customer's video/ })
    .evaluate((region, name) => {
      const video = Array.from(region.querySelectorAll('.call-stage__main video')).find(
        (v) => v.getAttribute('aria-label') === name,
      );
      return (video as HTMLVideoElement | undefined)?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
    }, label);
}

// One visit from the queue through a transfer to two wrap-ups, in steps that build on each other.
describe('the specialist sees their queues, answers at 200 % zoom, ends safely and transfers with context', () => {
  let aino: Page;
  let sanna: Page;
  let point: Page;
  let enqueuedAt: number;
  let transferredAt: number;

  it('shows her queues live, the status before the first choice, and focus on the main heading', async () => {
    // ── Home, at 200 % zoom (640×400 CSS px) ──────────────────────────────────────────────────
    aino = await newPage(640, 400);
    await signIn(aino, 'aino');
    const home = aino.getByRole('heading', { name: 'Hei, Aino Virtanen', level: 1 });
    await home.waitFor();
    // Focus starts at the main heading after sign-in.
    await waitFor('focus on the main heading', async () =>
      aino.evaluate(() => document.activeElement?.id === 'home-heading'),
    );
    // Signed in but not yet available: "not available", never "not signed in".
    await aino.getByRole('status').filter({ hasText: 'Et ole vapaana' }).waitFor();
    expect(await aino.getByText('Ei kirjautunut').count()).toBe(0);
    // Her queues, one per skill, nobody waiting yet.
    for (const queue of ['Verohallinto – suomi', 'Verohallinto – englanti', 'Kela – suomi']) {
      await queueCell(aino, queue, 0).filter({ hasText: /^0$/ }).waitFor();
    }

    // A customer queues: the count follows live and the longest wait ticks.
    ({ point, enqueuedAt } = await pointRequest());
    await queueCell(aino, 'Verohallinto – suomi', 0).filter({ hasText: /^1$/ }).waitFor();
    const firstWait = seconds(await queueCell(aino, 'Verohallinto – suomi', 1).textContent());
    await waitFor('the longest wait ticking', async () => {
      return seconds(await queueCell(aino, 'Verohallinto – suomi', 1).textContent()) >= firstWait + 2;
    });
    await queueCell(aino, 'Verohallinto – englanti', 0).filter({ hasText: /^0$/ }).waitFor();
    await aino.setViewportSize({ width: 1280, height: 800 });
    await checkInEveryLanguage(aino, 'console-home-queues');
  });

  it('keeps Accept on screen at 200 % zoom and drops "offer coming" once the offer shows', async () => {
    // ── The offer at 200 % zoom ───────────────────────────────────────────────────────────────
    await aino.setViewportSize({ width: 640, height: 400 });
    await aino.getByRole('button', { name: 'Vapaana' }).click();
    const offer = aino.getByRole('region', { name: /Uusi asiakas odottaa/ });
    await offer.waitFor();
    // The offer is the status now: no "offer coming" beside it.
    await waitFor('"offer coming" gone', async () => (await aino.getByText('Tarjous tulossa').count()) === 0);
    // Accept is on screen, uncovered, with the page at its top (nobody scrolled).
    await aino.evaluate(() => window.scrollTo(0, 0));
    const accept = offer.getByRole('button', { name: 'Vastaa' });
    const visible = await accept.evaluate((button) => {
      const box = button.getBoundingClientRect();
      const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        inside: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
        uncovered: atCentre !== null && button.contains(atCentre),
      };
    });
    expect(visible).toEqual({ inside: true, uncovered: true });
    expect(await accessibilityViolations(aino)).toEqual([]);
    await screenshot(aino, 'console-offer-zoom-fi');

    await aino.setViewportSize({ width: 1280, height: 800 });
    await accept.click();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
  });

  it('announces the document camera and enlarges it with one press; asks before ending', async () => {
    // ── The document camera comes on: announced, one press to enlarge ─────────────────────────
    await call(point, 'publish', 'document-camera');
    await aino.getByRole('status').filter({ hasText: 'Asiakas näyttää asiakirjakameraa.' }).waitFor();
    await aino.getByRole('button', { name: 'Näytä asiakirjakamera suurena' }).click();
    await waitFor('the document camera enlarged', async () => (await mainVideoFrames(aino, 'Asiakirjakamera')) > 0);
    await aino.getByRole('button', { name: 'Suurenna: Asiakkaan kamera' }).click();

    // ── "End" asks first and is not the primary button ──────────────────────────────────────────
    const endNames = { fi: 'Lopeta palvelu', sv: 'Avsluta betjäningen', en: 'End session' };
    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(aino, button);
      const end = aino.getByRole('button', { name: endNames[code], exact: true });
      expect(await end.getAttribute('data-variant')).toBe('secondary');
      await end.click();
      await aino.getByRole('alertdialog').waitFor();
      expect(await accessibilityViolations(aino)).toEqual([]);
      await screenshot(aino, `console-end-confirm-${code}`);
      await aino.keyboard.press('Escape');
      await aino.getByRole('alertdialog').waitFor({ state: 'detached' });
    }
    await chooseLanguage(aino, 'Suomi');
    await aino.getByRole('button', { name: 'Lopeta palvelu' }).click();
    const confirm = aino.getByRole('alertdialog', { name: 'Lopetetaanko palvelu?' });
    await confirm.waitFor();
    // "Continue" is the default: Enter keeps the session.
    expect(await aino.evaluate(() => document.activeElement?.textContent)).toBe('Jatka palvelua');
    await aino.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
  });

  it('lists who is at work and how many wait when transferring; the next offer carries the context', async () => {
    // ── Transfer: the list says who is at work and how many wait ─────────────────────────────────
    sanna = await newPage();
    await signIn(sanna, 'sanna');
    await sanna.getByRole('button', { name: 'Vapaana' }).click();
    await sanna
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    await aino.getByRole('button', { name: 'Siirrä toiseen jonoon' }).click();
    // Kela in Finnish: Sanna available and Aino herself (in this session) at work; nobody waits.
    await aino.getByLabel('Virasto', { exact: true }).selectOption({ label: 'Kela – 2 paikalla' });
    await aino.getByLabel('Palvelukieli', { exact: true }).selectOption({ label: 'suomi – 2 paikalla, 0 odottaa' });
    await aino
      .getByRole('status')
      .filter({ hasText: 'Kela – suomi: 2 asiantuntijaa paikalla (vapaana 1), kukaan ei odota.' })
      .waitFor();
    // Another agency's queue: nobody of it is signed in.
    expect(await aino.getByRole('option', { name: 'Maanmittauslaitos – ei ketään paikalla' }).count()).toBe(1);
    await aino.getByLabel('Viesti seuraavalle asiantuntijalle').fill('Verokortti tehty, asumistuki kesken');
    await checkInEveryLanguage(aino);
    transferredAt = Date.now();
    await aino.getByRole('button', { name: 'Siirrä', exact: true }).click();
    await aino.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();

    // ── The next specialist's offer carries the context ─────────────────────────────────────────
    const transferred = sanna.getByRole('region', { name: /Siirretty asiakas odottaa/ });
    await transferred.waitFor();
    for (const text of [
      'Siirtäjä: Aino Virtanen (Verohallinto – suomi)',
      'Aihe siellä: Verokortti.',
      'Asiakkaalla mukana viime vuoden päätös',
      'Viesti asiantuntijalta Aino Virtanen:',
      'Verokortti tehty, asumistuki kesken',
      'Odottanut asioinnin alusta',
    ])
      await transferred.getByText(text).first().waitFor();
    // The wait counts from the customer's first queueing, not from the transfer.
    const waited = seconds(
      await transferred
        .locator('xpath=.//dt[normalize-space()="Odottanut asioinnin alusta"]/following-sibling::dd[1]')
        .textContent(),
    );
    const sinceRequest = Math.floor((Date.now() - enqueuedAt) / 1000);
    const sinceTransfer = Math.ceil((Date.now() - transferredAt) / 1000);
    expect(waited).toBeGreaterThanOrEqual(sinceRequest - 2);
    expect(waited).toBeLessThanOrEqual(sinceRequest + 2);
    expect(waited).toBeGreaterThan(sinceTransfer + 3);
    await checkInEveryLanguage(sanna, 'console-offer-transferred');
  });

  it('takes a wrap-up note (never a personal identity code) and saves and sets away', async () => {
    const transferred = sanna.getByRole('region', { name: /Siirretty asiakas odottaa/ });
    // ── Wrap-up: a note (never a personal identity code), then save and go away ─────────────────
    await aino.getByRole('radio', { name: 'Asia hoidettu' }).check();
    const note = aino.getByLabel('Oma muistiinpano (vapaaehtoinen)');
    await note.fill('Asiakas 010190-123A tarvitsee lisäselvityksen');
    await aino.getByRole('button', { name: 'Tallenna ja merkitse poissa' }).click();
    await aino.getByText('Poista muistiinpanosta henkilötunnus.').waitFor();
    await aino.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
    await note.fill('Lisäselvitys asumistuesta Kelalta');
    await checkInEveryLanguage(aino, 'console-wrap-up-note');
    await aino.getByRole('button', { name: 'Tallenna ja merkitse poissa' }).click();
    await aino.getByRole('status').filter({ hasText: 'Poissa – Muu syy' }).waitFor();
    // The note is kept with the session (Redis for the queue's retention time; see docs/security.md).
    const redis = new Redis(stack.redisUrl);
    try {
      const notes = await waitForNote(redis, 'Lisäselvitys asumistuesta Kelalta');
      expect(notes).toBe(1);
    } finally {
      redis.disconnect();
    }

    // Sanna accepts, ends after confirming, and records hers.
    await transferred.getByRole('button', { name: 'Vastaa' }).click();
    await sanna.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await sanna.getByRole('button', { name: 'Lopeta palvelu' }).click();
    await sanna.getByRole('alertdialog').getByRole('button', { name: 'Lopeta palvelu' }).click();
    await sanna.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
    await sanna.getByRole('radio', { name: 'Asia hoidettu' }).check();
    await sanna.getByRole('button', { name: 'Tallenna ja vapaudu' }).click();
    await sanna
      .getByRole('status')
      .filter({ hasText: /^Vapaana$/ })
      .waitFor();

    for (const page of [aino, sanna, point]) await page.context().close();
  });
});

/** How many session records carry this wrap-up note (polled: the script runs as the ack returns). */
async function waitForNote(redis: Redis, text: string): Promise<number> {
  let found = 0;
  await waitFor('the wrap-up note stored', async () => {
    found = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', '*session:*', 'COUNT', 200);
      cursor = next;
      for (const key of keys) {
        if ((await redis.type(key)) === 'hash' && (await redis.hget(key, 'note')) === text) found++;
      }
    } while (cursor !== '0');
    return found > 0;
  });
  return found;
}
