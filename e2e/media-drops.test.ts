/**
 * Network drops in the browser, handled by the call-client media module alone (the test page has
 * no recovery code of its own): a join cut by a drop completes once the network is back, and a
 * source published while the network is down reaches the other side after it. The network goes
 * down with Chromium's offline emulation, which cuts the signaling WebSocket (the media path
 * itself is not cut, as on a real connection that only loses its signaling for a moment).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { call, decodedVideo, openPage, waitForStats } from './support/media-call.js';
import { type InProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(180_000);

let stack: InProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ servers: 'in-process', workers: 1 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function until(page: Page, what: string, check: (page: Page) => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check(page)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(await call(page, 'events'))}`);
}

const offline = async (page: Page) => {
  await page.context().setOffline(true);
  await until(page, 'signaling to notice the drop', async (p) => (await call(p, 'connectionState')) !== 'connected');
};

describe('network drops', () => {
  it('completes a join the drop cut, and publishes a camera switched on while offline', async () => {
    const [point, expert] = await Promise.all([openPage(browser, stack.pageUrl), openPage(browser, stack.pageUrl)]);
    await call(point, 'init', stack.signalingUrl, { pointId: 'mikkeli', pointKey: 'demo-point-key-mikkeli' });
    await call(expert, 'init', stack.signalingUrl, { username: 'aino', password: 'etapiste-demo' });
    await call(expert, 'prepare');
    await call(expert, 'publish', 'microphone');
    await call(expert, 'armAccept', {});

    const { visitId } = await call<{ visitId: string }>(point, 'request', 'visit:open', {});
    await call(point, 'publish', 'microphone');
    await call(point, 'publish', 'camera');

    // The join starts with the network down: its first request is lost (TIMEOUT).
    await offline(point);
    const joined = call<{ participantId: string }>(point, 'join', { roomId: visitId });
    await until(point, 'the join to be cut', async (p) =>
      (await call<string[]>(p, 'events')).some((e) => e.startsWith('failed:media:') && e.endsWith(':TIMEOUT')),
    );
    expect(await call(point, 'state')).toBe('joining');
    await point.context().setOffline(false);
    expect((await joined).participantId).toBe('point:mikkeli');
    expect(await call(point, 'state')).toBe('joined');

    // The specialist is served and sees the point's camera, published by the retried join.
    await call(point, 'request', 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' });
    await call(expert, 'request', 'presence:set', { state: 'available' });
    const session = await call<{ sessionId: string; visitId: string }>(expert, 'served');
    expect(session.visitId).toBe(visitId);
    await waitForStats(expert, (s) => decodedVideo(s) > 10, 'the point camera at the specialist', 60_000);

    // Mid-call, the document camera is switched on while the network is down: the publish is
    // cut, and the module publishes it once the network is back.
    await offline(point);
    await call(point, 'publish', 'document-camera');
    expect(await call<string[]>(point, 'events')).toContain('failed:media:produce:TIMEOUT');
    await point.context().setOffline(false);
    await waitForStats(
      expert,
      (s) => decodedVideo(s, 'document-camera') > 5,
      'the document camera at the specialist',
      90_000,
    );
    expect(await call(point, 'state')).toBe('joined');
    expect((await call<string[]>(point, 'events')).filter((e) => e.startsWith('error:'))).toEqual([]);

    await call(expert, 'request', 'session:end', { sessionId: session.sessionId });
    await call(point, 'leave');
    await expert.context().close();
    await point.context().close();
  });
});
