/**
 * Steps the multi-party call tests share (supervisor, interpreter): app pages as a user drives them
 * (choosing the screen's language, signing in, pressing a tile of a radio group), axe and a
 * screenshot in every language, and frames decoded in one participant's tile.
 */
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { chooseLanguage } from './app-steps.js';
import { accessibilityViolations, LANGUAGES, screenshot } from './browser.js';

export { chooseLanguage, newPage, openPoint, pick, signIn } from './app-steps.js';

import { waitFor } from './wait.js';

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
