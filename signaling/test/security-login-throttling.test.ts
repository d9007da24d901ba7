/**
 * Sign-in throttling cannot be dodged by naming a new address for every guess (issue 12, item 2):
 * `X-Forwarded-For` counts only from a configured proxy (TRUST_PROXY), and an account slows down
 * after its free failures whatever address the guesses come from.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addressKey } from '../src/auth/login-limiter.js';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/harness.js';

jest.setTimeout(60_000);

/** A sign-in as it reaches signaling through a proxy that says the client is `address`. */
async function signInFrom(h: Harness, address: string, username: string, password: string) {
  const response = await fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    retryAfter: Number(response.headers.get('retry-after')),
    body: (await response.json()) as { error?: { code: string } },
  };
}

/** 26 wrong passwords, each claiming another address; returns the status of each. */
async function rotatingGuesses(h: Harness, username: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let guess = 0; guess < 26; guess++) {
    statuses.push((await signInFrom(h, `203.0.113.${guess + 1}`, username, `guess-${guess}`)).status);
  }
  return statuses;
}

describe('sign-in throttling without a trusted proxy (the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('throttles 26 wrong passwords with rotating X-Forwarded-For, then refuses the right one', async () => {
    const statuses = await rotatingGuesses(h, 'erik');
    // The header is not believed: every guess is the peer's, and the account+address limit holds.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const right = await signInFrom(h, '198.51.100.1', 'erik', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(right.retryAfter).toBeGreaterThan(0);
  });
});

describe('sign-in throttling behind a trusted proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => h.close());

  it('slows an account guessed from 26 addresses down, and refuses the right password meanwhile', async () => {
    const statuses = await rotatingGuesses(h, 'sanna');
    // Every address is new, but the account has only its free failures; then it waits.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(6);
    expect(statuses.at(-1)).toBe(429);
    const right = await signInFrom(h, '198.51.100.1', 'sanna', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(right.retryAfter).toBeGreaterThan(0);
  });
});

describe('the account slow-down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '1' });
  });
  afterAll(() => h.close());

  it('doubles the wait after each further failure, and lets the right password in once it has passed', async () => {
    expect((await signInFrom(h, '192.0.2.1', 'helena', 'guess-1')).status).toBe(401);
    // The free failure is used: the next attempt, from anywhere, waits a second.
    const early = await signInFrom(h, '192.0.2.2', 'helena', DEMO_PASSWORD);
    expect({ status: early.status, retryAfter: early.retryAfter }).toEqual({ status: 429, retryAfter: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await signInFrom(h, '192.0.2.3', 'helena', 'guess-2')).status).toBe(401);
    const later = await signInFrom(h, '192.0.2.4', 'helena', DEMO_PASSWORD);
    expect({ status: later.status, retryAfter: later.retryAfter }).toEqual({ status: 429, retryAfter: 2 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await signInFrom(h, '192.0.2.5', 'helena', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('the client address', () => {
  /** Failures from 198.51.100.7 on four unknown accounts use up that address's allowance (2 × 4). */
  async function exhaustAddress(h: Harness): Promise<void> {
    for (const account of ['ghost-1', 'ghost-2', 'ghost-3', 'ghost-4']) {
      for (let guess = 0; guess < 2; guess++) {
        expect((await signInFrom(h, '198.51.100.7', account, `guess-${guess}`)).status).toBe(401);
      }
    }
  }

  it('is the one a trusted proxy forwards', async () => {
    const h = await startHarness({ TRUST_PROXY: '127.0.0.0/8', LOGIN_MAX_FAILURES: '2' });
    try {
      await exhaustAddress(h);
      expect((await signInFrom(h, '198.51.100.7', 'james', DEMO_PASSWORD)).status).toBe(429);
      expect((await signInFrom(h, '198.51.100.8', 'james', DEMO_PASSWORD)).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("is the peer's own when the peer is not a trusted proxy", async () => {
    const h = await startHarness({ TRUST_PROXY: '10.0.0.1', LOGIN_MAX_FAILURES: '2' });
    try {
      await exhaustAddress(h);
      // A made-up header changes nothing: it is still the same (exhausted) address.
      expect((await signInFrom(h, '198.51.100.8', 'james', DEMO_PASSWORD)).status).toBe(429);
    } finally {
      await h.close();
    }
  });

  it('counts IPv6 per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff::9'));
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('refuses a TRUST_PROXY entry that is not an address, a range or a keyword', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.fi' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, 10.1.0.0/16,loopback ' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
    ]);
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
  });
});
