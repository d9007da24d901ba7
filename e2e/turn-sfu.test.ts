/**
 * TURN in front of the SFU: a point and a specialist (the media test page, call-client with real
 * media) that may reach the SFU only through coturn (`iceTransportPolicy: 'relay'`) join a call
 * through the real queue and decode each other's video. Signaling hands out the credentials at the
 * media join (TURN_URLS, TURN_SECRET), as in production; coturn runs infra/turn/turnserver.conf.
 *
 * The SFU listens on 127.0.0.2 and coturn may relay to that address only (the production rule:
 * deny every peer, allow the SFU nodes' media addresses). The browsers and coturn's relay sockets
 * are on 127.0.0.1, a denied peer, so nothing reaches the SFU except through the one allowed
 * address. Over TURN/UDP and over TURN/TLS; and a coturn whose rules leave the SFU out carries no
 * media at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startCoturn } from '../scripts/coturn-server.mjs';
import { selfSignedCertificate } from '../scripts/nginx-server.mjs';
import { launchChromium, trustCertificateArg } from './support/browser.js';
import { type Call, call, decodedVideo, type Stats, startCall, waitForStats } from './support/media-call.js';
import { startTestStack } from './support/stack.js';

jest.setTimeout(180_000);

const SECRET = 'turn-secret-for-the-sfu-e2e-test-0123';
/** The SFU's media address: a loopback address of its own, so that coturn can tell it apart. */
const SFU_ADDRESS = '127.0.0.2';

type Coturn = Awaited<ReturnType<typeof startCoturn>>;

let certDir: string;
let cert: string;
let key: string;
let browser: Browser;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'etapiste-turn-sfu-cert-'));
  ({ cert, key } = selfSignedCertificate(certDir));
  // The browser trusts the TURN server's certificate (for turns:), nothing else of it.
  browser = await launchChromium([trustCertificateArg(cert)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

/**
 * A stack whose SFU listens on SFU_ADDRESS and whose signaling offers only `turnUrl`, and a call
 * in it with both sides relay-only; `check` runs on the call, then everything is stopped.
 */
async function relayOnlyCall(turnUrl: string, check: (c: Call) => Promise<void>) {
  const stack = await startTestStack({
    servers: 'in-process',
    env: { SFU_LISTEN_IP: SFU_ADDRESS, TURN_URLS: turnUrl, TURN_SECRET: SECRET },
  });
  try {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl, { iceTransportPolicy: 'relay' });
    try {
      await check(c);
    } finally {
      await c.expert.context().close();
      await c.point.context().close();
    }
  } finally {
    await stack.stop();
  }
}

/** Both sides decode the other's camera, and every transport's selected local candidate is a relay. */
async function decodedThroughTurn(c: Call) {
  await waitForStats(c.expert, (s) => decodedVideo(s) > 10, 'the point camera at the specialist, relayed', 60_000);
  await waitForStats(c.point, (s) => decodedVideo(s) > 10, 'the specialist camera at the point, relayed', 60_000);
  for (const page of [c.point, c.expert]) {
    const transports = await call<unknown[]>(page, 'connection');
    expect(transports).toEqual([
      { direction: 'send', state: 'connected', protocol: 'udp', relayed: true },
      { direction: 'recv', state: 'connected', protocol: 'udp', relayed: true },
    ]);
  }
}

describe('TURN in front of the SFU', () => {
  let coturn: Coturn;

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET, cert, key, allowedPeers: [SFU_ADDRESS] });
  }, 30_000);

  afterAll(async () => {
    await coturn?.stop();
  });

  it('carries a call to the SFU over TURN/UDP, relaying to its address only', async () => {
    await relayOnlyCall(`turn:127.0.0.1:${coturn.port}?transport=udp`, decodedThroughTurn);
  });

  it('carries a call to the SFU over TURN/TLS', async () => {
    // Signaling offers only the turns: URL here, so a relay candidate can only have come over TLS.
    await relayOnlyCall(`turns:localhost:${coturn.tlsPort}?transport=tcp`, decodedThroughTurn);
  });
});

describe('TURN whose rules leave the SFU out', () => {
  let strict: Coturn;

  beforeAll(async () => {
    // The production rule as shipped: only 10.20.0.0/24 (the SFU nodes there), not this SFU.
    strict = await startCoturn({ secret: SECRET, cert, key, allowedPeers: ['10.20.0.0-10.20.0.255'] });
  }, 30_000);

  afterAll(async () => {
    await strict?.stop();
  });

  it('carries no media: the SFU is a denied peer', async () => {
    await relayOnlyCall(`turn:127.0.0.1:${strict.port}?transport=udp`, async (c) => {
      // Long enough for ICE to have tried every pair (a relayed call above decodes within seconds).
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      const [atExpert, atPoint] = await Promise.all([
        call<Stats[]>(c.expert, 'stats'),
        call<Stats[]>(c.point, 'stats'),
      ]);
      expect(decodedVideo(atExpert)).toBe(0);
      expect(decodedVideo(atPoint)).toBe(0);
      for (const page of [c.point, c.expert]) {
        const transports = await call<{ state: string }[]>(page, 'connection');
        expect(transports.every((t) => t.state !== 'connected')).toBe(true);
      }
    });
    expect(strict.log()).toMatch(new RegExp(`peer IP ${SFU_ADDRESS.replaceAll('.', '\\.')} denied`));
  });
});
