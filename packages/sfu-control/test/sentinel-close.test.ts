/**
 * A Sentinel connection closed with `quit()` leaves nothing behind: ioredis's failover detector
 * subscribes to every sentinel on connections of its own, which `quit()` alone leaves open (they
 * kept test runs and stopped processes alive, reconnecting to the sentinels forever). A real
 * primary, replica and sentinel (Debian's redis-server), as integration/redis-sentinel.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { type SentinelGroup, startSentinelGroup } from '../../../scripts/redis-sentinel.mjs';
import { until } from '../../../signaling/test/support/until.js';
import { connectRedis, sentinelTarget } from '../src/redis-target.js';

jest.setTimeout(60_000);

let group: SentinelGroup;
let sentinel: Redis;
beforeAll(async () => {
  group = await startSentinelGroup({ count: 1 });
  sentinel = new Redis({ host: '127.0.0.1', port: group.sentinels[0]?.port, connectionName: 'probe' });
});
afterAll(async () => {
  sentinel?.disconnect();
  await group?.stop();
});

/** Connections the sentinel has that subscribe to a channel (the failover detector's). */
async function subscribers(): Promise<number> {
  const list = (await sentinel.call('CLIENT', 'LIST')) as string;
  return list.split('\n').filter((line) => / sub=[1-9]/.test(line)).length;
}

describe('a Sentinel connection', () => {
  it('closes its failover detector with quit()', async () => {
    const client = connectRedis(sentinelTarget('redis://unused:6379', group.addresses, group.name), {
      connectionName: 'closing',
    });
    await client.set('sentinel-close', '1');
    await until('the failover detector subscribed', async () => (await subscribers()) === 1);

    expect(await client.quit()).toBe('OK');
    await until('the failover detector closed', async () => (await subscribers()) === 0, 5000);
    expect(client.status).toBe('end');
  });
});
