/** The Redis target every connection is made from: a plain URL, or Sentinel (REDIS_SENTINELS). */
import { describe, expect, it } from '@jest/globals';
import { describeTarget, parseSentinels, redisOptions, sentinelTarget } from '../src/redis-target.js';

describe('Redis targets', () => {
  it('passes a plain URL through as host, port, credentials and database', () => {
    expect(redisOptions('redis://user:p%40ss@10.0.0.5:6380/2', { connectionName: 'x' })).toEqual({
      host: '10.0.0.5',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      connectionName: 'x',
    });
    expect(redisOptions('rediss://redis.internal')).toMatchObject({ host: 'redis.internal', port: 6379, tls: {} });
  });

  it("builds a Sentinel target from REDIS_SENTINELS and REDIS_SENTINEL_NAME with REDIS_URL's credentials", () => {
    const target = sentinelTarget(
      'redis://:secret@unused:6379/1',
      '10.0.0.1:26379, 10.0.0.2,[fd00::3]:26380',
      'etapiste',
      'sentinel-pw',
    );
    expect(target).toBe(
      'redis-sentinel://:secret@10.0.0.1:26379,10.0.0.2:26379,[fd00::3]:26380/etapiste/1?sentinelPassword=sentinel-pw',
    );
    expect(redisOptions(target, { connectionName: 'signaling' })).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
        { host: 'fd00::3', port: 26380 },
      ],
      name: 'etapiste',
      password: 'secret',
      sentinelPassword: 'sentinel-pw',
      db: 1,
      failoverDetector: false,
      connectionName: 'signaling',
    });
    expect(describeTarget(target)).not.toContain('secret');
    expect(describeTarget(target)).not.toContain('sentinel-pw');
  });

  it('refuses a sentinel list that is not host:port', () => {
    expect(() => parseSentinels('')).toThrow('no sentinel addresses');
    expect(() => parseSentinels('10.0.0.1:99999')).toThrow('"10.0.0.1:99999" is not host:port');
    expect(() => parseSentinels('a:b:c')).toThrow('is not host:port');
  });
});
