/**
 * A Sentinel connection holds nothing open at the sentinels and `quit()` ends it: ioredis's failover
 * detector (a subscription per sentinel on connections of its own, which `quit()` alone left open)
 * is off, because it could end a reconnecting client for good (redis-target.ts). A real primary,
 * replica and sentinel (Debian's redis-server), as integration/redis-sentinel.test.ts.
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
  it('subscribes to no sentinel and ends with quit()', async () => {
    const client = connectRedis(sentinelTarget('redis://unused:6379', group.addresses, group.name), {
      connectionName: 'closing',
    });
    await client.set('sentinel-close', '1');
    expect(await client.get('sentinel-close')).toBe('1');
    expect(await subscribers()).toBe(0);

    expect(await client.quit()).toBe('OK');
    await until('the connection ended', async () => client.status === 'end', 5000);
    expect(await subscribers()).toBe(0);
  });
});
