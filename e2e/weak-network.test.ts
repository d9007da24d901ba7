/**
 * Calls that survive a poor network (issue 15): mid-call, the point's page is held to 100 kbit/s
 * each way with Chromium's own network emulation (`Network.emulateNetworkConditions` over CDP).
 * The call steps down by itself to audio only, the specialist's side is told, and audio keeps
 * flowing both ways; once the limit is lifted the call climbs back and video returns both ways.
 * First, audio only chosen by hand is told to the other side, and undone.
 *
 * Chromium applies the emulation to WebRTC's sockets only if it was on when they were opened
 * (tried: a limit set on a running call changes nothing), so the point's page is under emulation
 * at a generous 20 Mbit/s from before its join, and the limit changes mid-call.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { type Call, call, decodedVideo, receivedAudio, startCall, waitForStats } from './support/media-call.js';
import { type InProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(300_000);

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

type Level = { level: string; cause: string };

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms: number, page?: Page) {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const events = page ? await call<string[]>(page, 'events') : [];
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}; events: ${JSON.stringify(events)}`);
}

/** Chromium's network emulation on one page: `kbps` each way. */
async function limit(cdp: CDPSession, kbps: number): Promise<void> {
  const bytesPerSecond = (kbps * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: kbps < 1000 ? 40 : 0,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
}

/** What "lifted" means here: far more than the call needs. */
const UNLIMITED_KBPS = 20_000;

describe('a call on a poor network', () => {
  let c: Call;
  let cdp: CDPSession | undefined;

  beforeAll(async () => {
    c = await startCall(browser, stack.pageUrl, stack.signalingUrl, {
      async beforePointJoins(point) {
        cdp = await point.context().newCDPSession(point);
        await cdp.send('Network.enable');
        await limit(cdp, UNLIMITED_KBPS);
      },
    });
    // Both ways in full first: each side decodes the other's camera.
    await waitForStats(c.expert, (s) => decodedVideo(s) > 30, 'the point camera at the specialist', 60_000);
    await waitForStats(c.point, (s) => decodedVideo(s) > 30, 'the specialist camera at the point', 60_000);
    expect(await call<Level>(c.point, 'level')).toEqual({ level: 'full', cause: 'network' });
  });

  it('audio only chosen by hand: the other side is told it was chosen, and video returns when it is undone', async () => {
    await call(c.expert, 'setAudioOnly', true);
    expect(await call<Level>(c.expert, 'level')).toEqual({ level: 'audio', cause: 'chosen' });
    const peers = await until(
      'the point to hear the specialist chose audio only',
      () => call<Record<string, Level>>(c.point, 'peerLevels'),
      (p) => p['expert:aino']?.level === 'audio',
      10_000,
      c.point,
    );
    expect(peers['expert:aino']).toEqual({ level: 'audio', cause: 'chosen' });
    const audio = receivedAudio(await call(c.point, 'stats'));
    await waitForStats(c.point, (s) => receivedAudio(s) > audio + 100, 'the specialist audio with audio only chosen');

    await call(c.expert, 'setAudioOnly', false);
    expect((await call<Level>(c.expert, 'level')).cause).toBe('network');
    await until(
      'the point to hear the specialist is back',
      () => call<Record<string, Level>>(c.point, 'peerLevels'),
      (p) => p['expert:aino'] === undefined,
      10_000,
      c.point,
    );
    const video = decodedVideo(await call(c.point, 'stats'));
    await waitForStats(c.point, (s) => decodedVideo(s) > video + 30, 'the specialist camera back at the point');
  });

  it('at 100 kbit/s steps down to audio only, tells the other side, and audio keeps flowing both ways', async () => {
    await limit(cdp as CDPSession, 100);
    await until(
      'the point to step down to audio only',
      () => call<Level>(c.point, 'level'),
      (l) => l.level === 'audio',
      90_000,
      c.point,
    );
    expect(await call<Level>(c.point, 'level')).toEqual({ level: 'audio', cause: 'network' });
    // The specialist's side was told (the point's participant id, and why).
    const peers = await until(
      'the specialist to hear the point is audio only',
      () => call<Record<string, Level>>(c.expert, 'peerLevels'),
      (p) => p['point:mikkeli']?.level === 'audio',
      10_000,
      c.expert,
    );
    expect(peers['point:mikkeli']).toEqual({ level: 'audio', cause: 'network' });
    // The point's camera is held back: the specialist sees it paused, not frozen without a word.
    const paused = await until(
      "the point's camera paused at the specialist",
      () => call<{ source: string; kind: string; producerPaused: boolean }[]>(c.expert, 'remotePaused'),
      (tracks) => tracks.some((t) => t.source === 'camera' && t.producerPaused),
      10_000,
      c.expert,
    );
    expect(paused.find((t) => t.kind === 'audio')?.producerPaused).toBe(false);

    // Audio keeps flowing, still under the limit: a few seconds of Opus more each way.
    const atExpert = receivedAudio(await call(c.expert, 'stats'));
    const atPoint = receivedAudio(await call(c.point, 'stats'));
    await waitForStats(c.expert, (s) => receivedAudio(s) > atExpert + 150, 'the point audio under the limit', 30_000);
    await waitForStats(
      c.point,
      (s) => receivedAudio(s) > atPoint + 150,
      'the specialist audio under the limit',
      30_000,
    );
    // The limit holds: the level is below full, or comes back below it soon. The adaptation tries a
    // quiet network one level up now and then (network-level.ts), and a try that has held at
    // low-video for its window may try full next, which the limit takes back within seconds; one
    // reading could land inside such a try.
    await until(
      'the point below full under the limit',
      () => call<Level>(c.point, 'level'),
      (l) => l.level !== 'full',
      20_000,
      c.point,
    );
  });

  it('climbs back once the limit is lifted: video returns both ways', async () => {
    await limit(cdp as CDPSession, UNLIMITED_KBPS);
    await until(
      'the point back at full',
      () => call<Level>(c.point, 'level'),
      (l) => l.level === 'full',
      150_000,
      c.point,
    );
    await until(
      'the specialist to hear the point is full again',
      () => call<Record<string, Level>>(c.expert, 'peerLevels'),
      (p) => p['point:mikkeli'] === undefined,
      10_000,
      c.expert,
    );
    const atExpert = decodedVideo(await call(c.expert, 'stats'));
    const atPoint = decodedVideo(await call(c.point, 'stats'));
    // As long as the first pictures took (60 s): after the limit, the receiving side's bandwidth
    // estimate climbs back by probing, which a machine busy with other suites slows down.
    await waitForStats(
      c.expert,
      (s) => decodedVideo(s) > atExpert + 30,
      'the point camera back at the specialist',
      60_000,
    );
    await waitForStats(
      c.point,
      (s) => decodedVideo(s) > atPoint + 30,
      'the specialist camera back at the point',
      60_000,
    );
    const events = await call<string[]>(c.point, 'events');
    // Down to audio only, and back to full after it.
    const down = events.indexOf('level:audio:network');
    expect(down).toBeGreaterThanOrEqual(0);
    expect(events.slice(down)).toContain('level:full:network');
  });
});
