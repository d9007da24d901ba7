/**
 * `/metrics` while Redis is down: the scrape answers with `etapiste_redis_up 0` and leaves out the
 * figures read from Redis, instead of waiting with the queued commands until Prometheus gives up
 * and reports the process itself as down. A private redis-server, killed and started again.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startRedis } from '../../scripts/redis-server.mjs';
import { type Harness, startHarness } from './support/harness.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

const TOKEN = 'metrics-token-for-the-redis-down-test-0123456789';
let redis: Awaited<ReturnType<typeof startRedis>>;
let h: Harness;
beforeAll(async () => {
  redis = await startRedis();
  h = await startHarness({ REDIS_URL: redis.url, METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

const scrape = async () =>
  (await fetch(`${h.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();

describe('/metrics with Redis down', () => {
  it('answers with etapiste_redis_up 0 and without the figures read from Redis', async () => {
    expect(await scrape()).toMatch(/^etapiste_outbox_pending\{channel="transactions"\} 0$/m);

    await redis.stop({ keepData: true, signal: 'SIGKILL' });
    await until('signaling notices', async () => h.signaling.redis.status !== 'ready');
    const text = await scrape();
    expect(text).toMatch(/^etapiste_redis_up 0$/m);
    expect(text).not.toContain('etapiste_outbox_pending{');
    expect(text).not.toContain('etapiste_queue_waiting{');

    // Back on the same port and data: the figures return.
    redis = await startRedis({ port: redis.port, dir: redis.dir });
    await until('signaling reconnects', async () => h.signaling.redis.status === 'ready');
    await until('the figures return', async () => (await scrape()).includes('etapiste_outbox_pending{'));
    expect(await scrape()).toMatch(/^etapiste_redis_up 1$/m);
  });
});
