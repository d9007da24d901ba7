import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Harness, login, request, startHarness } from './support/harness.js';

const METRICS_TOKEN = 'metrics-token-that-is-long-enough-0123456789';

describe('health, readiness and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    // `/metrics` is served on the public port only behind its token (security-metrics.test.ts).
    h = await startHarness({ METRICS_TOKEN });
  });
  afterAll(() => h.close());

  it('reports alive and ready with Redis reachable', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('counts commands and connections in Prometheus format', async () => {
    const socket = await connect(h.baseUrl, (await login(h.baseUrl, 'aino')).accessToken);
    await request(socket, 'presence:get', {});
    await request(socket, 'visit:open', {});
    const text = await (
      await fetch(`${h.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toMatch(/etapiste_socket_commands_total\{event="presence:get",outcome="ok"\} 1/);
    expect(text).toMatch(/etapiste_socket_commands_total\{event="visit:open",outcome="FORBIDDEN"\} 1/);
    expect(text).toMatch(/etapiste_sockets_connected\{role="expert"\} 1/);
    socket.close();
  });

  it('answers unknown routes with a coded 404', async () => {
    const response = await fetch(`${h.baseUrl}/api/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('graceful shutdown', () => {
  it('tells connected clients to reconnect, then closes their sockets', async () => {
    const h = await startHarness();
    const socket = await connect(h.baseUrl, (await login(h.baseUrl, 'aino')).accessToken);
    const notice = new Promise((resolve) => socket.once('server:shutdown', resolve));
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    await h.close();
    await expect(notice).resolves.toEqual({ reconnectAfterMs: expect.any(Number) });
    await expect(disconnected).resolves.toBe('io server disconnect');
  });
});
