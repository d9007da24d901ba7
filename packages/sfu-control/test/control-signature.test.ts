/**
 * Control request signing: what a signature covers (time, nonce, command, body), the window, and
 * the verifier against a real Redis accepting each signed request once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ControlVerifier } from '../src/control-verifier.js';
import { mediaKeys } from '../src/keys.js';
import { CONTROL_MAX_SKEW_MS, signControl, verifyControl } from '../src/signature.js';

const SECRET = 'test-control-secret-that-is-long-enough-0123';
const BODY = '{"roomId":"visit-1"}';

describe('signControl / verifyControl', () => {
  it('accepts its own signature and gives back its time and nonce', () => {
    const now = Date.now();
    const header = signControl(SECRET, 'room.open', BODY, now, 'a'.repeat(32));
    expect(verifyControl(SECRET, 'room.open', BODY, header, now + 1000)).toEqual({ time: now, nonce: 'a'.repeat(32) });
  });

  it('signs every request with a fresh random nonce', () => {
    const now = Date.now();
    const nonces = new Set(
      Array.from(
        { length: 20 },
        () => verifyControl(SECRET, 'c', BODY, signControl(SECRET, 'c', BODY, now), now)?.nonce,
      ),
    );
    expect(nonces.size).toBe(20);
  });

  it('refuses another secret, command, body or nonce, the old format, and a time outside the window', () => {
    const now = Date.now();
    const header = signControl(SECRET, 'room.open', BODY, now, 'b'.repeat(32));
    const otherNonce = header.replace(`n=${'b'.repeat(32)}`, `n=${'c'.repeat(32)}`);
    const withoutNonce = header.replace(`,n=${'b'.repeat(32)}`, '');
    const refused = [
      verifyControl('another-secret-that-is-long-enough-000000', 'room.open', BODY, header, now),
      verifyControl(SECRET, 'room.close', BODY, header, now),
      verifyControl(SECRET, 'room.open', '{"roomId":"visit-2"}', header, now),
      verifyControl(SECRET, 'room.open', BODY, otherNonce, now),
      verifyControl(SECRET, 'room.open', BODY, withoutNonce, now),
      verifyControl(SECRET, 'room.open', BODY, undefined, now),
      verifyControl(SECRET, 'room.open', BODY, header, now + CONTROL_MAX_SKEW_MS + 1),
      verifyControl(SECRET, 'room.open', BODY, header, now - CONTROL_MAX_SKEW_MS - 1),
    ];
    expect(refused).toEqual(refused.map(() => undefined));
  });
});

describe('ControlVerifier', () => {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  let redis: Redis;
  let verifier: ControlVerifier;

  beforeAll(() => {
    const url = process.env.ETAPISTE_TEST_REDIS_URL;
    if (!url) throw new Error('run through jest (test-support/global-setup.mjs)');
    redis = new Redis(url);
    verifier = new ControlVerifier({ secret: SECRET, redis, prefix });
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('accepts a signed request once: the same signature again is a replay', async () => {
    const now = Date.now();
    const header = signControl(SECRET, 'room.close', BODY, now, 'd'.repeat(32));
    expect(await verifier.verify('room.close', BODY, header, now)).toBe(true);
    expect(await verifier.verify('room.close', BODY, header, now + 10)).toBe(false);
    expect(await verifier.verify('room.close', BODY, header, now + CONTROL_MAX_SKEW_MS)).toBe(false);
    // The same command and body signed again (a new nonce) is a new request.
    expect(await verifier.verify('room.close', BODY, signControl(SECRET, 'room.close', BODY, now), now)).toBe(true);
  });

  it('remembers a nonce while its signature is valid, and no longer than that', async () => {
    const now = Date.now();
    const signedAt = now - 10_000;
    const nonce = 'e'.repeat(32);
    expect(
      await verifier.verify('room.close', BODY, signControl(SECRET, 'room.close', BODY, signedAt, nonce), now),
    ).toBe(true);
    const ttl = await redis.pttl(mediaKeys.controlNonce(prefix, nonce));
    // Valid until signedAt + window, i.e. 20 s from now; kept 1 s longer.
    expect(ttl).toBeGreaterThan(CONTROL_MAX_SKEW_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(CONTROL_MAX_SKEW_MS - 10_000 + 1000);
  });

  it('remembers nothing for a request that is not rightly signed', async () => {
    const now = Date.now();
    const nonce = 'f'.repeat(32);
    const forged = signControl('another-secret-that-is-long-enough-000000', 'room.close', BODY, now, nonce);
    expect(await verifier.verify('room.close', BODY, forged, now)).toBe(false);
    expect(await redis.exists(mediaKeys.controlNonce(prefix, nonce))).toBe(0);
  });
});
