/**
 * Steps the multi-party call tests share (supervisor, interpreter): app pages as a user drives them
 * (choosing the screen's language, signing in, pressing a tile of a radio group), axe and a
 * screenshot in every language, and frames decoded in one participant's tile.
 */
import { expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LANGUAGES, screenshot } from './browser.js';
import { waitFor } from './wait.js';

export async function newPage(browser: Browser, url: string, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
  await page.goto(url);
  return page;
}

export async function chooseLanguage(page: Page, button: string): Promise<void> {
  await page
    .getByRole('radio', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
}

/** Signs a person in to the console in Finnish and waits for the connection. */
export async function signIn(page: Page, username: string): Promise<void> {
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill('etapiste-demo');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
}

/** Opens the point with its device key (the demo's Mikkeli by default). */
export async function openPoint(page: Page, pointId = 'mikkeli'): Promise<void> {
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Asiointipisteen tunnus').fill(pointId);
  await page.getByLabel('Laitteen avain').fill(`demo-point-key-${pointId}`);
  await page.getByRole('button', { name: 'Ota käyttöön' }).click();
  await page.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
}

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
export async function pick(page: Page, group: string | RegExp, name: string): Promise<void> {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

/** axe finds nothing and a screenshot is taken in each language (`ready` waits for its words); ends in Finnish. */
export async function checkInEveryLanguage(
  page: Page,
  name: string,
  ready: (code: string) => Promise<void>,
): Promise<void> {
  for (const { code, button } of LANGUAGES) {
    await chooseLanguage(page, button);
    expect(await page.locator('html').getAttribute('lang')).toBe(code);
    await ready(code);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, `${name}-${code}`);
  }
  await chooseLanguage(page, 'Suomi');
}

/** Frames decoded in the tile of one participant (`data-participant`) on a page. */
export function tileFrames(page: Page, participantId: string): Promise<number> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-participant="${id}"] video`);
    return video?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
  }, participantId);
}

/** Every tile on a page with its frames, and what the call level says, for a failure's message. */
export function tiles(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify({
      tiles: Array.from(document.querySelectorAll<HTMLElement>('[data-participant]')).map((tile) => ({
        participant: tile.dataset.participant,
        pinned: tile.dataset.pinned,
        frames: tile.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames,
      })),
      videos: Array.from(document.querySelectorAll('video')).map((v) => [
        v.getAttribute('aria-label'),
        v.getVideoPlaybackQuality().totalVideoFrames,
      ]),
      level: Array.from(document.querySelectorAll('.call-level__line')).map((l) => l.textContent),
    }),
  );
}

/**
 * Waits until a participant's tile on the page has decoded frames; says what every page in the
 * call showed if not.
 */
export async function decoded(
  page: Page,
  participantId: string,
  what: string,
  pagesInCall: Page[],
  ms = 90_000,
): Promise<void> {
  try {
    // Generous: on a loaded machine the apps may have stepped video down for a while (issue 15),
    // and climbing back up takes tries that back off.
    await waitFor(what, async () => (await tileFrames(page, participantId)) > 5, ms);
  } catch (error) {
    const pages = await Promise.all(pagesInCall.map(tiles));
    throw new Error(`${(error as Error).message}; pages: ${pages.join('\n')}`);
  }
}
