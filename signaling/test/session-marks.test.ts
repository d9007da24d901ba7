/**
 * A session's marks (a document shared, a chat message sent) are set only on a record that exists:
 * a mark that arrives after the record's retention ran out must not leave a record of one field
 * with no expiry behind. Real redis-server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { type RunningRedis, startRedis } from '../../scripts/redis-server.mjs';
import { Keys } from '../src/redis/keys.js';
import { SessionStore } from '../src/sessions/session-store.js';

describe('session marks', () => {
  let server: RunningRedis;
  let redis: Redis;
  let keys: Keys;
  let sessions: SessionStore;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    keys = new Keys(`marks-test:${randomUUID()}:`);
    sessions = new SessionStore(redis, keys);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('marks a session whose record exists, and creates nothing for one that is gone', async () => {
    const live = 's-live';
    await redis.hset(keys.session(live), 'expertId', 'aino', 'ticketId', 'live');
    await sessions.markDocuments(live);
    await sessions.markChat(live);
    expect(await redis.hgetall(keys.session(live))).toEqual({
      expertId: 'aino',
      ticketId: 'live',
      documents: '1',
      chat: '1',
    });

    const gone = 's-gone';
    await sessions.markDocuments(gone);
    await sessions.markChat(gone);
    expect(await redis.exists(keys.session(gone))).toBe(0);
  });
});
