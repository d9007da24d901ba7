/**
 * `/metrics` is not public (issue 12, item 6): by default it is not served at all; with
 * METRICS_PORT it is served on an internal listener of its own; with METRICS_TOKEN on the main
 * port too, and every answer then needs `Authorization: Bearer <token>`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Harness, startHarness } from './support/harness.js';

const TOKEN = 'metrics-token-that-is-long-enough-0123456789';

function listenerUrl(h: Harness): string {
  const address = h.signaling.metricsListener?.server.address();
  if (!address || typeof address === 'string') throw new Error('no metrics listener');
  return `http://127.0.0.1:${address.port}`;
}

const scrape = (url: string, token?: string) =>
  fetch(`${url}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe('/metrics by default', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('is not served on the public port, and there is no other listener', async () => {
    const response = await scrape(h.baseUrl);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(h.signaling.metricsListener).toBeUndefined();
    // What stays public: liveness and readiness.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => h.close());

  it('refuses a scrape without the token or with another one', async () => {
    for (const token of [undefined, '', 'wrong', `${TOKEN}x`]) {
      const response = await scrape(h.baseUrl, token);
      expect({ token, status: response.status }).toEqual({ token, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('serves Prometheus text with the token', async () => {
    const response = await scrape(h.baseUrl, TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/etapiste_logins_total/);
  });
});

describe('/metrics on the internal listener (METRICS_PORT)', () => {
  it('is served there only, and the listener serves nothing else', async () => {
    const h = await startHarness({ METRICS_PORT: '0' });
    try {
      const internal = listenerUrl(h);
      const response = await scrape(internal);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/etapiste_socket_commands_total/);
      expect((await scrape(h.baseUrl)).status).toBe(404);
      expect((await fetch(`${internal}/healthz`)).status).toBe(404);
      expect((await fetch(`${internal}/api/auth/login`, { method: 'POST' })).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('requires the token there too when METRICS_TOKEN is set', async () => {
    const h = await startHarness({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    try {
      const internal = listenerUrl(h);
      expect((await scrape(internal)).status).toBe(401);
      expect((await scrape(internal, TOKEN)).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('stops with the server', async () => {
    const h = await startHarness({ METRICS_PORT: '0' });
    const internal = listenerUrl(h);
    await h.close();
    await expect(scrape(internal)).rejects.toThrow();
  });
});
