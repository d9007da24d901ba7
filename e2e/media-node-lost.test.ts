/**
 * A lost SFU node in the browser: two nodes share the registry, a call runs on one of them, and
 * that node goes away (registry entry, control API, workers). The pages' transports fail, their
 * recovery finds the room's node unreachable and no longer live, signaling places the room on the
 * other node and both pages rejoin there: new producers decoded on both sides, the same session,
 * nobody back in the queue. integration/media.test.ts checks the move itself at signaling level.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { SfuNode } from '../sfu-server/src/node.js';
import { launchChromium } from './support/browser.js';
import { call, decodedVideo, receivedAudio, startCall, waitForStats } from './support/media-call.js';
import { type InProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(240_000);

let stack: InProcessStack;
let browser: Browser;

function hasRoom(node: SfuNode, roomId: string): boolean {
  try {
    node.rooms.get(roomId);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  // Two nodes on one Redis and prefix, sharing the registry.
  stack = await startTestStack({ servers: 'in-process', workers: 1, nodes: 2 });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a lost SFU node', () => {
  it('moves the room to the other node and both pages recover the call there', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    const { nodes } = stack;
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
