/// <reference lib="dom" />
/**
 * Two browser pages in one call through the real queue: the point signs in, opens a visit, sets
 * up its media while it waits (fast start) and asks for a specialist; the specialist signs in,
 * prepares (capabilities, camera), becomes available, accepts the offer and joins at once.
 * Used by the media tests and the benchmark.
 */
import type { MediaSource } from '@etapiste/protocol';
import type { Browser, Page } from 'playwright-core';

export interface CallOptions {
  tcpOnly?: boolean;
  /** `relay`: both sides reach the SFU only through TURN (e2e/turn-sfu.test.ts). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** The point sends its camera as H.264 (a device whose hardware encodes only that). */
  pointH264?: boolean;
  documentCamera?: boolean;
  pointId?: string;
  expert?: string;
  /** Runs on the point's page before it joins (weak-network.test.ts sets up network emulation there). */
  beforePointJoins?: (point: Page) => Promise<void>;
}

export interface Call {
  point: Page;
  expert: Page;
  visitId: string;
  sessionId: string;
}

export interface Stats {
  producerId: string;
  participantId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  packetsReceived: number;
  framesDecoded: number;
  frameWidth?: number;
  mimeType?: string;
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page] ${error.message}\n`));
  await page.goto(url);
  await page.waitForFunction(() => 'h' in window);
  return page;
}

/** Calls `window.h[method](...args)` in the page. */
export function call<T = unknown>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, params]) => {
      const h = (window as unknown as { h: Record<string, (...a: unknown[]) => unknown> }).h;
      const fn = h[name as string];
      if (!fn) throw new Error(`no h.${String(name)}`);
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<T>;
}

export async function startCall(browser: Browser, pageUrl: string, signalingUrl: string, options: CallOptions = {}) {
  const pointId = options.pointId ?? 'mikkeli';
  const [point, expert] = await Promise.all([openPage(browser, pageUrl), openPage(browser, pageUrl)]);
  await call(point, 'init', signalingUrl, { pointId, pointKey: `demo-point-key-${pointId}` });
  await call(expert, 'init', signalingUrl, { username: options.expert ?? 'aino', password: 'etapiste-demo' });
  const join = {
    tcpOnly: options.tcpOnly ?? false,
    ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
  };

  // The specialist first: capabilities and camera ready, and the accept armed before any offer.
  await call(expert, 'prepare');
  await call(expert, 'publish', 'microphone');
  await call(expert, 'publish', 'camera');
  await call(expert, 'armAccept', join);

  const { visitId } = await call<{ visitId: string }>(point, 'request', 'visit:open', {});
  await call(point, 'publish', 'microphone');
  await call(point, 'publish', 'camera');
  if (options.documentCamera) await call(point, 'publish', 'document-camera');
  await options.beforePointJoins?.(point);
  await call(point, 'join', { roomId: visitId, ...join, preferH264: options.pointH264 ?? false });
  await call(point, 'request', 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' });
  // After a previous call's wrap-up the specialist is available already (and may be ringing).
  await call(expert, 'request', 'presence:set', { state: 'available' }).catch(() => undefined);
  const session = await call<{ sessionId: string; visitId: string }>(expert, 'served');
  if (session.visitId !== visitId) throw new Error('the session is for another visit');
  return { point, expert, visitId, sessionId: session.sessionId } satisfies Call;
}

/** Polls a page's receive statistics until `done` says yes (or throws after `ms`). */
export async function waitForStats(page: Page, done: (stats: Stats[]) => boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  let last: Stats[] = [];
  while (Date.now() < deadline) {
    last = await call<Stats[]>(page, 'stats');
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}; last stats: ${JSON.stringify(last)}`);
}

export const decodedVideo = (stats: Stats[], source: MediaSource = 'camera') =>
  stats.find((s) => s.kind === 'video' && s.source === source)?.framesDecoded ?? 0;
export const receivedAudio = (stats: Stats[]) => stats.find((s) => s.kind === 'audio')?.packetsReceived ?? 0;
