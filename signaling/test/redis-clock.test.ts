/**
 * The queue's time as each process hands it to the scripts (redis/redis-clock.ts): Redis's clock
 * read over a round trip, never going backwards, and none at all (the scripts read TIME) before a
 * reading or while the connection is not ready.
 */
import { describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { RedisClock } from '../src/redis/redis-clock.js';

/** A Redis whose clock runs `skewMs` ahead of this process's. */
function fakeRedis(skewMs: number) {
  const fake = {
    status: 'ready',
    skewMs,
    async time(): Promise<[string, string]> {
      const ms = Date.now() + fake.skewMs;
      return [String(Math.floor(ms / 1000)), String((ms % 1000) * 1000)];
    },
  };
  return fake;
}

describe("Redis's clock as a process reads it", () => {
  it('follows the Redis clock, not the local one, once read', async () => {
    const redis = fakeRedis(3_600_000);
    const clock = new RedisClock(redis as unknown as Redis);
    expect(clock.now()).toBeUndefined();
    await clock.read();
    const now = clock.now() as number;
    expect(Math.abs(now - (Date.now() + 3_600_000))).toBeLessThan(50);
  });

  it('never goes backwards when a later reading is behind', async () => {
    const redis = fakeRedis(10_000);
    const clock = new RedisClock(redis as unknown as Redis);
    await clock.read();
    const before = clock.now() as number;
    redis.skewMs = 0;
    await clock.read();
    expect(clock.now()).toBeGreaterThanOrEqual(before);
  });

  it('hands out no time while the connection is not ready', async () => {
    const redis = fakeRedis(0);
    const clock = new RedisClock(redis as unknown as Redis);
    await clock.read();
    redis.status = 'reconnecting';
    expect(clock.now()).toBeUndefined();
    redis.status = 'ready';
    expect(clock.now()).toBeDefined();
  });
});
