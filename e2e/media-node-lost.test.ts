/**
 * A lost SFU node in the browser: two nodes share the registry, a call runs on one of them, and
 * that node goes away (registry entry, control API, workers). The pages' transports fail, their
 * recovery finds the room's node unreachable and no longer live, signaling places the room on the
 * other node and both pages rejoin there: new producers decoded on both sides, the same session,
 * nobody back in the queue. signaling/test/media.test.ts checks the move itself at signaling level.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
// @ts-expect-error plain ESM helper without declarations
import { freeMediaPort } from '../scripts/media-port.mjs';
import { loadSfuConfig } from '../sfu-server/src/config.js';
import { type SfuNode, startSfuNode } from '../sfu-server/src/node.js';
import { launchChromium } from './support/browser.js';
import { call, decodedVideo, receivedAudio, startCall, waitForStats } from './support/media-call.js';
import { type MediaStack, startMediaStack } from './support/media-stack.js';

jest.setTimeout(240_000);

/** The control secret support/media-stack.ts gives its node and signaling. */
const SECRET = 'e2e-control-secret-that-is-long-enough-012345';

let stack: MediaStack;
let browser: Browser;
let second: SfuNode | undefined;

/** A second node on the stack's Redis and prefix; media ports are random, so try a few. */
async function startSecondNode(): Promise<SfuNode> {
  const { host, port } = stack.signaling.redis.options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await startSfuNode(
        loadSfuConfig({
          REDIS_URL: `redis://${host}:${port}`,
          REDIS_PREFIX: stack.signaling.keys.prefix,
          SFU_NODE_ID: 'sfu-e2e-second',
          SFU_WORKERS: '1',
          SFU_HTTP_PORT: '0',
          SFU_RTC_PORT: String(await freeMediaPort()),
          SFU_CONTROL_SECRET: SECRET,
          SFU_QUALITY_INTERVAL_MS: '1000',
          LOG_LEVEL: 'warn',
        }),
        'e2e',
      );
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

function hasRoom(node: SfuNode, roomId: string): boolean {
  try {
    node.rooms.get(roomId);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  stack = await startMediaStack({ workers: 1 });
  second = await startSecondNode();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await second?.close().catch(() => undefined);
  await stack?.stop();
});

describe('a lost SFU node', () => {
  it('moves the room to the other node and both pages recover the call there', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    const nodes = [...stack.nodes, second as SfuNode];
    const before = {
      atExpert: await waitForStats(c.expert, (s) => decodedVideo(s) > 10 && receivedAudio(s) > 10, 'point at expert'),
      atPoint: await waitForStats(c.point, (s) => decodedVideo(s) > 10 && receivedAudio(s) > 10, 'expert at point'),
    };
    const lost = nodes.find((n) => hasRoom(n, c.visitId));
    const survivor = nodes.find((n) => n !== lost);
    if (!lost || !survivor) throw new Error('the room is on no node');

    await lost.close();

    // Fresh consumers after the rejoin count frames from zero: wait for new producers' frames.
    const oldAtExpert = new Set(before.atExpert.map((s) => s.producerId));
    const oldAtPoint = new Set(before.atPoint.map((s) => s.producerId));
    await waitForStats(
      c.expert,
      (s) => s.some((x) => x.kind === 'video' && !oldAtExpert.has(x.producerId) && x.framesDecoded > 10),
      'the point’s video at the specialist on the other node',
      150_000,
    );
    await waitForStats(
      c.point,
      (s) => s.some((x) => x.kind === 'video' && !oldAtPoint.has(x.producerId) && x.framesDecoded > 10),
      'the specialist’s video at the point on the other node',
      60_000,
    );
    expect(hasRoom(survivor, c.visitId)).toBe(true);
    expect(await call<string>(c.point, 'state')).toBe('joined');
    expect(await call<string>(c.expert, 'state')).toBe('joined');
    expect(await call<string[]>(c.point, 'events')).toContain('recovered:rejoin');
    // The same session: nobody went back to the queue.
    const tickets = await call<{ state: string; sessionId?: string }[]>(c.point, 'request', 'request:list', {});
    expect(tickets.map((t) => [t.state, t.sessionId])).toEqual([['in-session', c.sessionId]]);

    await call(c.expert, 'request', 'session:end', { sessionId: c.sessionId });
    await call(c.point, 'leave');
    await c.expert.context().close();
    await c.point.context().close();
  });
});
