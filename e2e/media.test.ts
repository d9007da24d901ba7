/**
 * Real video between a point and a specialist: two Chromium pages with fake devices, the real
 * queue, signaling and a real SFU node. Each side decodes the other's video and receives audio,
 * over UDP and over TCP only; the specialist sees the document camera as a second video; a
 * worker killed mid-call is recovered with no re-queueing; simulcast layers follow the receiver.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { type Call, call, decodedVideo, receivedAudio, startCall, waitForStats } from './support/media-call.js';
import { type InProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(120_000);

let stack: InProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ servers: 'in-process', workers: 2 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function endCall(c: Call) {
  await call(c.expert, 'request', 'session:end', { sessionId: c.sessionId });
  await call(c.expert, 'request', 'session:wrap-up', { sessionId: c.sessionId, outcome: 'resolved' });
  await call(c.point, 'leave');
  await call(c.point, 'request', 'visit:close', { visitId: c.visitId }).catch(() => undefined);
  await c.expert.context().close();
  await c.point.context().close();
}

const bothWays = async (point: Page, expert: Page) => {
  const atExpert = await waitForStats(
    expert,
    (s) => decodedVideo(s) > 10 && receivedAudio(s) > 10,
    'the point’s video and audio at the specialist',
  );
  const atPoint = await waitForStats(
    point,
    (s) => decodedVideo(s) > 10 && receivedAudio(s) > 10,
    'the specialist’s video and audio at the point',
  );
  return { atExpert, atPoint };
};

describe('a call', () => {
  it('carries video and audio both ways over UDP', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    try {
      const { atExpert, atPoint } = await bothWays(c.point, c.expert);
      expect(atExpert.every((s) => s.participantId === 'point:mikkeli')).toBe(true);
      expect(atPoint.every((s) => s.participantId === 'expert:aino')).toBe(true);
      const connection = await call<{ protocol?: string }[]>(c.expert, 'connection');
      expect(connection.map((t) => t.protocol)).toEqual(['udp', 'udp']);
      // Quality and the active speaker reach the room's members.
      const quality = await waitFor(async () => {
        const q = await call<{ participantId: string; sendBitrate: number }[]>(c.point, 'quality');
        return q.length === 2 && q.every((p) => p.sendBitrate > 0) ? q : undefined;
      }, 'quality with both participants sending');
      expect(quality.map((q) => q.participantId).sort()).toEqual(['expert:aino', 'point:mikkeli']);
      // The dominant speaker is pushed when it changes; with two steady fake tones that can be
      // once, possibly before the second member joined, so it is looked for at either member.
      await waitFor(async () => {
        const events = [...(await call<string[]>(c.expert, 'events')), ...(await call<string[]>(c.point, 'events'))];
        return events.some((e) => e.startsWith('speaker:')) ? true : undefined;
      }, 'an active-speaker push');
    } finally {
      await endCall(c);
    }
  });

  it('carries video and audio both ways over TCP only, and shows the document camera as a second video', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl, { tcpOnly: true, documentCamera: true });
    try {
      await bothWays(c.point, c.expert);
      const atExpert = await waitForStats(
        c.expert,
        (s) => decodedVideo(s, 'document-camera') > 10,
        'the document camera at the specialist',
      );
      const videos = atExpert
        .filter((s) => s.kind === 'video')
        .map((s) => s.source)
        .sort();
      expect(videos).toEqual(['camera', 'document-camera']);
      for (const page of [c.point, c.expert]) {
        const connection = await call<{ protocol?: string }[]>(page, 'connection');
        expect(connection.map((t) => t.protocol)).toEqual(['tcp', 'tcp']);
      }
    } finally {
      await endCall(c);
    }
  });

  it('carries a camera sent as H.264 (the codec offered for devices that need it)', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl, { pointH264: true });
    try {
      const atExpert = await waitForStats(c.expert, (s) => decodedVideo(s) > 10, 'the H.264 camera at the specialist');
      expect(atExpert.find((s) => s.source === 'camera')?.mimeType).toBe('video/H264');
      const atPoint = await waitForStats(c.point, (s) => decodedVideo(s) > 10, 'the specialist at the point');
      expect(atPoint.find((s) => s.source === 'camera')?.mimeType).toBe('video/VP8');
    } finally {
      await endCall(c);
    }
  });

  it('recovers both sides when the worker carrying the room is killed, without re-queueing', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    try {
      const before = await bothWays(c.point, c.expert);
      const [node] = stack.nodes;
      const room = node?.rooms.get(c.visitId);
      if (!node || !room) throw new Error('room not on the node');
      process.kill(room.slot.worker.pid, 'SIGKILL');
      // Fresh consumers after the rejoin count frames from zero: wait for new consumers, then frames.
      const oldIds = (stats: { producerId: string }[]) => new Set(stats.map((s) => s.producerId));
      const oldAtExpert = oldIds(before.atExpert);
      const oldAtPoint = oldIds(before.atPoint);
      await waitForStats(
        c.expert,
        (s) => s.some((x) => x.kind === 'video' && !oldAtExpert.has(x.producerId) && x.framesDecoded > 10),
        'video at the specialist after the worker died',
      );
      await waitForStats(
        c.point,
        (s) => s.some((x) => x.kind === 'video' && !oldAtPoint.has(x.producerId) && x.framesDecoded > 10),
        'video at the point after the worker died',
      );
      expect(node.rooms.get(c.visitId).slot.worker.pid).not.toBe(room.slot.worker.pid);
      // The session is the same one: nobody went back to the queue.
      const tickets = await call<{ state: string; sessionId?: string }[]>(c.point, 'request', 'request:list', {});
      expect(tickets.map((t) => [t.state, t.sessionId])).toEqual([['in-session', c.sessionId]]);
      expect(await call<string>(c.point, 'state')).toBe('joined');
      expect(await call<string[]>(c.point, 'events')).toContain('recovered:rejoin');
    } finally {
      await endCall(c);
    }
  });

  it('switches simulcast layers as the receiver asks', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    try {
      await bothWays(c.point, c.expert);
      const remote = await call<{ producerId: string; source: string; kind: string }[]>(c.expert, 'remote');
      const camera = remote.find((r) => r.kind === 'video' && r.source === 'camera');
      if (!camera) throw new Error('no camera');
      const width = async () =>
        (await call<{ producerId: string; frameWidth?: number }[]>(c.expert, 'stats')).find(
          (s) => s.producerId === camera.producerId,
        )?.frameWidth;
      expect(await call<number>(c.expert, 'setRenderedSize', camera.producerId, 200)).toBe(0);
      const small = await waitFor(async () => ((await width()) === 320 ? 320 : undefined), 'the 320 px layer');
      expect(small).toBe(320);
      expect(await call<number>(c.expert, 'setRenderedSize', camera.producerId, 1280)).toBe(2);
      const large = await waitFor(async () => {
        const w = await width();
        return w !== undefined && w > 320 ? w : undefined;
      }, 'a larger layer');
      expect(large).toBeGreaterThan(320);
    } finally {
      await endCall(c);
    }
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
