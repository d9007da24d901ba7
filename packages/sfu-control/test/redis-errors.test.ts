/**
 * A Redis connection's errors reach the structured log at most once per interval per source, with
 * the number left out; a real ioredis client whose server is gone logs through it instead of
 * printing "[ioredis] Unhandled error event".
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { freePort } from '../../../scripts/redis-server.mjs';
import { logRedisErrors, type WarnLogger } from '../src/redis-errors.js';

function fakeLog() {
  const warn = jest.fn();
  return { warn, log: { warn } as WarnLogger };
}

describe('logRedisErrors', () => {
  it('logs the first error, leaves out the rest of the interval, then says how many it left out', async () => {
    const source = new EventEmitter();
    const { warn, log } = fakeLog();
    logRedisErrors(source, log, 'outbox transactions', 100);
    source.emit('error', new Error('connect ECONNREFUSED'));
    source.emit('error', new Error('connect ECONNREFUSED'));
    source.emit('error', new Error('connect ECONNREFUSED'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ redisConnection: 'outbox transactions' });
    expect(warn.mock.calls[0]?.[0]).not.toHaveProperty('leftOut');
    await new Promise((resolve) => setTimeout(resolve, 120));
    source.emit('error', new Error('connect ECONNREFUSED'));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]?.[0]).toMatchObject({ redisConnection: 'outbox transactions', leftOut: 2 });
  });

  it('takes a real client’s reconnect errors, so ioredis prints nothing of its own', async () => {
    const port = await freePort();
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { warn, log } = fakeLog();
    // Eight reconnects 20 ms apart, then it gives up ('end').
    const client = new Redis({
      port,
      lazyConnect: true,
      retryStrategy: (times) => (times > 8 ? null : 20),
      maxRetriesPerRequest: null,
      // (Its timer would otherwise outlive the refused connects by ten seconds.)
      connectTimeout: 500,
    });
    const ended = new Promise((resolve) => client.once('end', resolve));
    logRedisErrors(client, log, 'test');
    client.connect().catch(() => undefined);
    try {
      await ended;
      // Nine failed connects: one line.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      client.disconnect();
      printed.mockRestore();
    }
  });
});
