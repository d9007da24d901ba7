/**
 * TURN, proven in Chromium against a real coturn running infra/turn/turnserver.conf (the
 * production file, with test ports and a self-signed certificate): credentials made by signaling's
 * own code (turnIceServers, coturn's REST form) let two peers that may only relay
 * (`iceTransportPolicy: 'relay'`) connect and decode each other's video, over TURN/UDP and over
 * TURN/TLS; an expired credential and one signed with another secret are refused (401), so no
 * relay candidate exists. Loopback stands for the SFU's address, the one peer range allowed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IceServer } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startCoturn } from '../scripts/coturn-server.mjs';
import { selfSignedCertificate } from '../scripts/nginx-server.mjs';
import { turnIceServers } from '../signaling/src/media/turn.js';
import { launchChromium, trustCertificateArg } from './support/browser.js';
import { startMediaPageServer } from './support/media-page-server.js';

jest.setTimeout(90_000);

const SECRET = 'turn-secret-for-the-e2e-test-0123';
let coturn: Awaited<ReturnType<typeof startCoturn>>;
let browser: Browser;
let page: Page;
let certDir: string;
let pageServer: Awaited<ReturnType<typeof startMediaPageServer>>;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'etapiste-turn-cert-'));
  const { cert, key } = selfSignedCertificate(certDir);
  coturn = await startCoturn({ secret: SECRET, cert, key, allowedPeers: ['127.0.0.1'] });
  // The browser trusts exactly this certificate for TURN over TLS, as a real one would trust the
  // TURN server's (a browser that trusts nothing of it is refused: see the one-origin test).
  browser = await launchChromium([trustCertificateArg(cert)]);
  page = await (await browser.newContext()).newPage();
  // A page on http://127.0.0.1 (a secure context: the camera is there) with nothing of its own to do.
  pageServer = await startMediaPageServer();
  await page.goto(pageServer.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await coturn?.stop();
  await pageServer?.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

const udp = () => `turn:127.0.0.1:${coturn.port}?transport=udp`;
const tls = () => `turns:localhost:${coturn.tlsPort}?transport=tcp`;

/** Credentials as signaling hands them out at a media join, for one URL. */
function credentials(url: string, options: { secret?: string; now?: number; ttlSeconds?: number } = {}): IceServer[] {
  return turnIceServers(
    { urls: [url], secret: options.secret ?? SECRET, ttlSeconds: options.ttlSeconds ?? 600 },
    'point:p1',
    options.now,
  );
}

interface RelayCall {
  connected: boolean;
  localType?: string;
  remoteType?: string;
  relayProtocol?: string;
  framesDecoded: number;
  errors: number[];
}

/** Two relay-only peers in the page: one sends the fake camera, the other counts decoded frames. */
function relayCall(iceServers: IceServer[], waitMs: number): Promise<RelayCall> {
  return page.evaluate(
    async ({ iceServers, waitMs }) => {
      const config: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
      const sender = new RTCPeerConnection(config);
      const receiver = new RTCPeerConnection(config);
      const errors: number[] = [];
      for (const [from, to] of [
        [sender, receiver],
        [receiver, sender],
      ] as const) {
        from.onicecandidate = (event) => {
          if (event.candidate) void to.addIceCandidate(event.candidate);
        };
        from.onicecandidateerror = (event) => errors.push((event as RTCPeerConnectionIceErrorEvent).errorCode);
      }
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      for (const track of stream.getTracks()) sender.addTrack(track, stream);
      await sender.setLocalDescription(await sender.createOffer());
      await receiver.setRemoteDescription(sender.localDescription as RTCSessionDescription);
      await receiver.setLocalDescription(await receiver.createAnswer());
      await sender.setRemoteDescription(receiver.localDescription as RTCSessionDescription);

      const deadline = Date.now() + waitMs;
      const result: RelayCall = { connected: false, framesDecoded: 0, errors };
      while (Date.now() < deadline) {
        // biome-ignore lint/suspicious/noExplicitAny: RTCStats entries differ by type
        const stats: any[] = [];
        (await receiver.getStats()).forEach((entry) => {
          stats.push(entry);
        });
        const inbound = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
        result.framesDecoded = inbound?.framesDecoded ?? 0;
        result.connected = receiver.connectionState === 'connected';
        const pair = stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated);
        if (pair) {
          const local = stats.find((s) => s.id === pair.localCandidateId);
          const remote = stats.find((s) => s.id === pair.remoteCandidateId);
          result.localType = local?.candidateType;
          result.remoteType = remote?.candidateType;
          result.relayProtocol = local?.relayProtocol;
        }
        if (result.framesDecoded > 10) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      for (const track of stream.getTracks()) track.stop();
      sender.close();
      receiver.close();
      return result;
    },
    { iceServers, waitMs },
  );
}

describe('TURN through coturn', () => {
  it('relays video over UDP with a credential from signaling', async () => {
    const call = await relayCall(credentials(udp()), 30_000);
    expect(call).toMatchObject({ connected: true, localType: 'relay', remoteType: 'relay', relayProtocol: 'udp' });
    expect(call.framesDecoded).toBeGreaterThan(10);
  });

  it('relays video over TLS (turns:) with a credential from signaling', async () => {
    const call = await relayCall(credentials(tls()), 30_000);
    expect(call).toMatchObject({ connected: true, localType: 'relay', remoteType: 'relay', relayProtocol: 'tls' });
    expect(call.framesDecoded).toBeGreaterThan(10);
  });

  it('refuses an expired credential and one made with another secret', async () => {
    const expired = credentials(udp(), { now: Date.now() - 700_000 });
    const expiredCall = await relayCall(expired, 5_000);
    expect(expiredCall.connected).toBe(false);
    expect(expiredCall.framesDecoded).toBe(0);
    expect(expiredCall.errors).toContain(401);

    const forged = credentials(udp(), { secret: 'another-secret-of-enough-length' });
    const forgedCall = await relayCall(forged, 5_000);
    expect(forgedCall.connected).toBe(false);
    expect(forgedCall.errors).toContain(401);
  });

  it('relays to no peer outside the allowed SFU addresses (loopback here)', async () => {
    // The production peer rule as shipped: only 10.20.0.0/24 (the SFU nodes) may be reached.
    const strict = await startCoturn({
      secret: SECRET,
      cert: join(certDir, 'localhost.crt'),
      key: join(certDir, 'localhost.key'),
      allowedPeers: ['10.20.0.0-10.20.0.255'],
    });
    try {
      const url = `turn:127.0.0.1:${strict.port}?transport=udp`;
      const call = await relayCall(credentials(url), 6_000);
      // The credential is good (no 401) and the relays were allocated, but no permission to a
      // loopback peer is granted, so the peers never connect.
      expect(call.errors).not.toContain(401);
      expect(call.connected).toBe(false);
      expect(call.framesDecoded).toBe(0);
      expect(strict.log()).toMatch(/peer IP 127\.0\.0\.1 denied/);
    } finally {
      await strict.stop();
    }
  });
});
