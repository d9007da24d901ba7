/**
 * The SFU node's `/metrics` is not public (issue 12, item 6), as signaling's: by default it is not
 * served at all; with METRICS_PORT it is served on an internal listener of its own; with
 * METRICS_TOKEN on the main port (beside the control API) too, and every answer then needs
 * `Authorization: Bearer <token>`. `/healthz` and `/readyz` stay open on the main port.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SfuNode } from '../src/node.js';
import { startTestNode } from './support/sfu-node.js';

const TOKEN = 'sfu-metrics-token-that-is-long-enough-0123456';

function listenerUrl(node: SfuNode): string {
  const address = node.metricsListener?.server.address();
  if (!address || typeof address === 'string') throw new Error('no metrics listener');
  return `http://127.0.0.1:${address.port}`;
}

const scrape = (url: string, token?: string) =>
  fetch(`${url}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe('SFU /metrics by default', () => {
  let node: SfuNode;
  beforeAll(async () => {
    node = await startTestNode({ SFU_WORKERS: '1' });
  });
  afterAll(() => node.close());

  it('is not served on the main port, and there is no other listener', async () => {
    expect((await scrape(node.controlUrl)).status).toBe(404);
    expect(node.metricsListener).toBeUndefined();
    // What stays public: liveness and readiness.
    expect((await fetch(`${node.controlUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${node.controlUrl}/readyz`)).json()).toEqual({ status: 'ready', workers: 1 });
  });
});

describe('SFU /metrics behind METRICS_TOKEN, also on the internal listener', () => {
  let node: SfuNode;
  beforeAll(async () => {
    node = await startTestNode({ SFU_WORKERS: '1', METRICS_TOKEN: TOKEN, METRICS_PORT: '0' });
  });
  afterAll(() => node.close());

  it('refuses a scrape of the main port without the token or with another one', async () => {
    for (const token of [undefined, '', 'wrong', `${TOKEN}x`]) {
      const response = await scrape(node.controlUrl, token);
      expect({ token, status: response.status }).toEqual({ token, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('serves Prometheus text on the main port with the token', async () => {
    const response = await scrape(node.controlUrl, TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^etapiste_sfu_workers_alive 1$/m);
    expect(text).toMatch(/^etapiste_sfu_rooms 0$/m);
  });

  it('requires the token on the internal listener too', async () => {
    const internal = listenerUrl(node);
    expect((await scrape(internal)).status).toBe(401);
    expect((await scrape(internal, 'wrong')).status).toBe(401);
    expect((await scrape(internal, TOKEN)).status).toBe(200);
  });
});

describe('SFU /metrics on the internal listener (METRICS_PORT)', () => {
  it('is served there only, the listener serves nothing else, and it stops with the node', async () => {
    const node = await startTestNode({ SFU_WORKERS: '1', METRICS_PORT: '0' });
    let internal = '';
    try {
      internal = listenerUrl(node);
      const response = await scrape(internal);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^etapiste_sfu_workers_alive 1$/m);
      expect((await scrape(node.controlUrl)).status).toBe(404);
      expect((await fetch(`${internal}/healthz`)).status).toBe(404);
      expect((await fetch(`${internal}/control/v1/createRoom`, { method: 'POST' })).status).toBe(404);
    } finally {
      await node.close();
    }
    await expect(scrape(internal)).rejects.toThrow();
  });
});
