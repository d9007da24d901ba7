/**
 * Scripts run by their SHA on a real redis-server, and survive Redis forgetting them (a restart or
 * `SCRIPT FLUSH`): the call that meets `NOSCRIPT` loads the script and runs it exactly once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { type RunningRedis, startRedis } from '../../scripts/redis-server.mjs';
import { LuaScript } from '../src/redis/lua-script.js';

describe('LuaScript', () => {
  let server: RunningRedis;
  let redis: Redis;
  const counter = `lua-script-test:${randomUUID()}`;
  // Counts its runs: a call that ran twice (or not at all) shows in the counter.
  const increment = new LuaScript<number>("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1);

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url, { enableAutoPipelining: true });
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  const scriptLoads = async () => {
    const info = await redis.info('commandstats');
    return Number(
      /cmdstat_script\|load:calls=(\d+)/.exec(info)?.[1] ?? /cmdstat_script:calls=(\d+)/.exec(info)?.[1] ?? 0,
    );
  };

  it('runs by SHA, loads the script once after Redis forgot it, and runs each call exactly once', async () => {
    expect(await increment.run(redis, counter, 1)).toBe(1);
    await redis.script('FLUSH');
    await redis.config('RESETSTAT');
    // Ten calls meet NOSCRIPT in one auto-pipelined batch: one load between them, each runs once.
    const results = await Promise.all(Array.from({ length: 10 }, () => increment.run(redis, counter, 1)));
    expect(results.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await redis.get(counter)).toBe('11');
    expect(await scriptLoads()).toBe(1);
    expect(await redis.script('EXISTS', increment.sha)).toEqual([1]);
  });

  it('loads the script on each Redis that forgot it, when one process talks to two', async () => {
    const other = await startRedis();
    const second = new Redis(other.url, { enableAutoPipelining: true });
    try {
      await redis.script('FLUSH');
      const key = `${counter}:two`;
      // Both meet NOSCRIPT at once: each server gets the script and each call runs once.
      expect(await Promise.all([increment.run(redis, key, 1), increment.run(second, key, 5)])).toEqual([1, 5]);
      expect(await redis.script('EXISTS', increment.sha)).toEqual([1]);
      expect(await second.script('EXISTS', increment.sha)).toEqual([1]);
    } finally {
      second.disconnect();
      await other.stop();
    }
  });

  it('passes a script error through without running again', async () => {
    const failing = new LuaScript("redis.call('INCR', KEYS[1]); return redis.error_reply('BAD_THING')", 1);
    const key = `${counter}:failing`;
    await expect(failing.run(redis, key)).rejects.toThrow('BAD_THING');
    expect(await redis.get(key)).toBe('1');
  });
});
