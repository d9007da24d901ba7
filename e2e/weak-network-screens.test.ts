/**
 * A weak network and audio only as both screens say them (issue 15), with the real apps: the
 * point's app in a call with Aino in the console. Audio only is chosen with the keyboard on each
 * app, and the other app says in words who chose it, that video paused and that audio continues;
 * then the point's network is held to 100 kbit/s (Chromium's network emulation) and both apps say
 * the connection is weak, video paused, audio continues. axe finds nothing in fi, sv and en, and
 * each state is pictured (docs/screenshots/*-call-level-*).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { type ProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(600_000);

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({
    servers: 'processes',
    // UDP only: Chromium's network emulation does not hold a WebRTC path over TCP. Measured here,
    // with the SFU's ICE-TCP fallback offered the point's media moved to it within about a minute of
    // the 100 kbit/s limit and reached the console at 1280×720, while over UDP the limit holds.
    env: { OFFER_TIMEOUT_SECONDS: '300', WRAP_UP_LIMIT_SECONDS: '600', LEDGER_ENABLED: 'false', SFU_ICE_TCP: 'false' },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
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

interface Check {
  page: Page;
  name: string;
  /** The notice, per language. */
  text: Record<string, string>;
}

/**
 * axe finds nothing in fi, sv and en, with the notice of `text` (per language) on screen; a
 * screenshot in each. The notice's first words are what is waited for: while the link stays
 * limited the level may settle a step higher (the lowest layer instead of audio only) during the
 * slow axe runs, which is still the same notice said in that language. Several pages are checked
 * together, language by language, with their axe runs side by side, so that both are pictured in
 * the same weak state.
 */
async function checkInEveryLanguage(...checks: Check[]) {
  for (const { code, button } of LANGUAGES) {
    for (const { page, text } of checks) {
      await chooseLanguage(page, button);
      expect(await page.locator('html').getAttribute('lang')).toBe(code);
      const words = (text[code] ?? '').split(':')[0] ?? '';
      await page
        .getByTestId('call-level')
        .getByText(new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`))
        .first()
        .waitFor();
    }
    const violations = await Promise.all(checks.map(({ page }) => accessibilityViolations(page)));
    for (const found of violations) expect(found).toEqual([]);
    for (const { page, name } of checks) await screenshot(page, `${name}-${code}`);
  }
  for (const { page } of checks) await chooseLanguage(page, 'Suomi');
}

/**
 * Chromium's network emulation on the point's page, each way. A slow link is a bottleneck that
 * drops what its queue cannot hold (as a real one does; without a limit the queue only grows).
 */
function limit(cdp: CDPSession, kbps: number) {
  const slow = kbps < 1000;
  return cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: slow ? 40 : 0,
    downloadThroughput: (kbps * 1000) / 8,
    uploadThroughput: (kbps * 1000) / 8,
    packetQueueLength: slow ? 20 : 0,
  });
}

const POINT_CHOSE = {
  fi: 'Asiointipisteessä valittiin vain ääni: video on tauolla, ääni jatkuu.',
  sv: 'Servicepunkten valde endast ljud: videon är pausad, ljudet fortsätter.',
  en: 'The service point chose audio only: video paused, audio continues.',
};
const OWN_CHOSEN = {
  fi: 'Vain ääni on valittu: video on tauolla, ääni jatkuu.',
  sv: 'Endast ljud är valt: videon är pausad, ljudet fortsätter.',
  en: 'Audio only is on: video paused, audio continues.',
};
const OWN_WEAK = {
  fi: 'Yhteys on heikko: video on tauolla, ääni jatkuu.',
  sv: 'Förbindelsen är svag: videon är pausad, ljudet fortsätter.',
  en: 'Connection is weak: video paused, audio continues.',
};
const POINT_WEAK = {
  fi: 'Asiointipisteen yhteys on heikko: video on tauolla, ääni jatkuu.',
  sv: 'Servicepunktens förbindelse är svag: videon är pausad, ljudet fortsätter.',
  en: "The service point's connection is weak: video paused, audio continues.",
};

describe('a weak network and audio only on both screens', () => {
  let point: Page;
  let aino: Page;
  let cdp: CDPSession;

  it('puts the point in a call with Aino', async () => {
    point = await newPage(stack.pointClientUrl);
    // Chromium applies its emulation to WebRTC sockets opened while it is on: on from the start,
    // generous until the test holds the network to 100 kbit/s.
    cdp = await point.context().newCDPSession(point);
    await cdp.send('Network.enable');
    await limit(cdp, 20_000);
    await chooseLanguage(point, 'Suomi');
    await point.getByLabel('Asiointipisteen tunnus').fill('mikkeli');
    await point.getByLabel('Laitteen avain').fill('demo-point-key-mikkeli');
    await point.getByRole('button', { name: 'Ota käyttöön' }).click();
    await point.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();

    aino = await newPage(stack.agentConsoleUrl);
    await chooseLanguage(aino, 'Suomi');
    await aino.getByLabel('Käyttäjätunnus').fill('aino');
    await aino.getByLabel('Salasana').fill('etapiste-demo');
    await aino.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await aino.getByRole('button', { name: 'Vapaana' }).click();

    const pick = (group: string | RegExp, name: string) =>
      point
        .getByRole('radiogroup', { name: group })
        .locator('label')
        .filter({ has: point.getByRole('radio', { name, exact: true }) })
        .click();
    await pick('1. Virasto', 'Verohallinto');
    await pick('2. Asiakkaan kieli', 'Suomi');
    await pick(/3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
    await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();

    await aino
      .getByRole('region', { name: /Uusi asiakas odottaa/ })
      .getByRole('button', { name: 'Vastaa' })
      .click();
    await aino.getByRole('heading', { name: 'Palvelu: Asiointipiste Mikkeli' }).waitFor();
    await point.locator('[data-media-state="joined"]').waitFor();
    await point.getByRole('button', { name: 'Vain ääni' }).waitFor();
  });

  it('audio only chosen with the keyboard at the point: both screens say it', async () => {
    const toggle = point.getByRole('button', { name: 'Vain ääni' });
    await toggle.focus();
    await point.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await checkInEveryLanguage(
      { page: point, name: 'point-call-level-chosen', text: OWN_CHOSEN },
      { page: aino, name: 'console-call-level-point-chose', text: POINT_CHOSE },
    );

    // Undone with the keyboard: the console's words go.
    await toggle.focus();
    await point.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await aino.getByText(POINT_CHOSE.fi).waitFor({ state: 'detached' });
  });

  it('audio only chosen with the keyboard in the console: the point hears who chose it', async () => {
    const toggle = aino.getByRole('button', { name: 'Vain ääni' });
    await toggle.focus();
    await aino.keyboard.press('Space');
    await aino.getByTestId('call-level').getByText(OWN_CHOSEN.fi, { exact: true }).waitFor();
    await point
      .getByTestId('call-level')
      .getByText('Asiantuntija valitsi vain äänen: video on tauolla, ääni jatkuu.')
      .waitFor();
    await toggle.focus();
    await aino.keyboard.press('Space');
    await point
      .getByText('Asiantuntija valitsi vain äänen: video on tauolla, ääni jatkuu.')
      .waitFor({ state: 'detached' });
  });

  it('at 100 kbit/s both screens say the connection is weak, video paused, audio continues', async () => {
    // Down in two steps. The emulation queues without bound what exceeds the link (a real link's
    // buffer drops it): straight from 20 Mbit/s to 100 kbit/s, what the point sent in the seconds
    // before its estimate fell stood in the queue for up to 24 s (measured round trip), near ICE's
    // 30 s consent limit, past which the transport fails and the call reconnects at full level.
    // Through 300 kbit/s first, the round trip stayed under 1.5 s.
    await limit(cdp, 300);
    await point.waitForTimeout(8_000);
    await limit(cdp, 100);
    await point.getByTestId('call-level').getByText(OWN_WEAK.fi, { exact: true }).waitFor({ timeout: 90_000 });
    await aino.getByTestId('call-level').getByText(POINT_WEAK.fi, { exact: true }).waitFor();
    await checkInEveryLanguage(
      { page: point, name: 'point-call-level-weak', text: OWN_WEAK },
      { page: aino, name: 'console-call-level-point-weak', text: POINT_WEAK },
    );
    await limit(cdp, 20_000);
  });
});
