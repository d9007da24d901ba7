/**
 * Accept → first decoded frame in the real apps (`pnpm bench media`, phase "apps"): the built
 * point-client and agent-console in Chromium, driven as their users drive them. The specialist
 * Aino is available in the console (her camera and microphone held in her standby room); a fresh
 * point page checks a customer in for the Tax Administration in Finnish and asks for a
 * specialist; Aino presses Accept. Measured from that click (a capture listener in the console
 * page) to the first frame each page presents of the other party (requestVideoFrameCallback on
 * every video element but the mirrored self-view), on the machine's one wall clock.
 * The point then ends the call, Aino records the outcome, and the next run starts with a new
 * point page. Needs `pnpm run build` (the stack serves the built apps).
 */
import type { Browser, Page } from 'playwright-core';
import { newPage, openPoint, pick, signIn } from '../e2e/support/app-steps.js';
import { startOpenCallStack } from '../e2e/support/stack.js';

/**
 * Installed in every page before its scripts: the first presented frame of each tile, and the
 * Accept click. A string, not a function: tsx would wrap a function's inner functions in a helper
 * the page does not have.
 */
const WATCH_FRAMES = `
  window.benchRemoteAt = undefined;
  // Waited for in the page, not polled: polling would keep the pages' main threads busy while
  // they are measured.
  const waiters = [];
  window.benchRemoteFrame = () =>
    window.benchRemoteAt !== undefined ? Promise.resolve(window.benchRemoteAt) : new Promise((resolve) => waiters.push(resolve));
  const seen = new WeakSet();
  const watch = (video) => {
    if (seen.has(video)) return;
    seen.add(video);
    const onFrame = () => {
      // The self-view is the mirrored picture; any other is the other party's.
      if (!video.hasAttribute('data-mirrored') && window.benchRemoteAt === undefined) {
        window.benchRemoteAt = Date.now();
        for (const wake of waiters.splice(0)) wake(window.benchRemoteAt);
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const watchAll = () => { for (const video of document.querySelectorAll('video')) watch(video); };
  new MutationObserver(watchAll).observe(document, { childList: true, subtree: true });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Vastaa') window.benchAcceptAt = Date.now();
  }, true);
`;

async function reset(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { benchRemoteAt?: number; benchAcceptAt?: number };
    w.benchRemoteAt = undefined;
    w.benchAcceptAt = undefined;
  });
}

/** When the page first presented a frame of the other party (a video that is not the self-view). */
async function firstRemoteFrame(page: Page, name: string): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('none within 60 s')), 60_000);
  });
  try {
    return await Promise.race([
      page.evaluate(() => (window as unknown as { benchRemoteFrame: () => Promise<number> }).benchRemoteFrame()),
      timeout,
    ]);
  } catch (error) {
    await page.screenshot({ path: `bench-media-apps-${name}.png` }).catch(() => undefined);
    throw new Error(`no picture of the other party on the ${name} page: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function pointPage(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser, url);
  await page.context().addInitScript({ content: WATCH_FRAMES });
  await page.reload();
  await openPoint(page);
  return page;
}

export interface AppRuns {
  both: number[];
  atExpert: number[];
  atPoint: number[];
}

export async function appsAcceptToFirstFrame(
  browser: Browser,
  runs: number,
  progress: (message: string) => void,
): Promise<AppRuns> {
  const stack = await startOpenCallStack();
  const result: AppRuns = { both: [], atExpert: [], atPoint: [] };
  try {
    const aino = await newPage(browser, stack.agentConsoleUrl);
    await aino.context().addInitScript({ content: WATCH_FRAMES });
    await aino.reload();
    await signIn(aino, 'aino');
    await aino.getByRole('button', { name: 'Vapaana' }).click();
    for (let run = 0; run < runs; run++) {
      const point = await pointPage(browser, stack.pointClientUrl);
      await pick(point, '1. Virasto', 'Verohallinto');
      await pick(point, '2. Asiakkaan kieli', 'Suomi');
      await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Henkilökortti');
      await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
      await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
      await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();
      const offer = aino.getByRole('region', { name: /Uusi asiakas odottaa/ });
      await offer.waitFor();
      // As a person would: the offer has been on screen a moment before the click.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await reset(aino);
      await reset(point);
      await offer.getByRole('button', { name: 'Vastaa' }).click();
      const [atExpert, atPoint] = await Promise.all([
        firstRemoteFrame(aino, 'console'),
        firstRemoteFrame(point, 'point'),
      ]);
      const acceptAt = await aino.evaluate(() => (window as unknown as { benchAcceptAt?: number }).benchAcceptAt);
      if (acceptAt === undefined) throw new Error('the Accept click was not seen');
      result.atExpert.push(atExpert - acceptAt);
      result.atPoint.push(atPoint - acceptAt);
      result.both.push(Math.max(atExpert, atPoint) - acceptAt);
      progress(
        `apps run ${run + 1}: ${result.both.at(-1)} ms (specialist sees point ${result.atExpert.at(-1)}, point sees specialist ${result.atPoint.at(-1)})`,
      );
      await point.getByRole('button', { name: 'Lopeta puhelu' }).click();
      await point
        .getByRole('alertdialog', { name: 'Lopetetaanko puhelu?' })
        .getByRole('button', { name: 'Lopeta puhelu' })
        .click();
      await point.getByRole('heading', { name: 'Miten asiointi onnistui?' }).waitFor();
      await aino.getByRole('heading', { name: 'Jälkikirjaus' }).waitFor();
      await aino.getByRole('radio', { name: 'Asia hoidettu' }).check();
      await aino.getByRole('button', { name: 'Tallenna ja vapaudu' }).click();
      await aino
        .getByRole('status')
        .filter({ hasText: /^Vapaana$/ })
        .waitFor();
      await point.context().close();
    }
  } finally {
    await stack.stop();
  }
  return result;
}
