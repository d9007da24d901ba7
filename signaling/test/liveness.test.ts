/**
 * The connection registry and the deadline pump against a real Redis: grace periods start when a
 * principal's last socket goes, whether it closed or its process died, and due deadlines fire
 * once across processes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Deadline } from '../src/deadlines/deadline.js';
import { DeadlinePump } from '../src/deadlines/deadline-pump.js';
import { ProcessLiveness } from '../src/liveness/process-liveness.js';

const log = pino({ level: 'silent' });
// Not through the harness: these modules need only Redis, not a signaling server.
const redis = new Redis(process.env.ETAPISTE_TEST_REDIS_URL ?? 'redis://127.0.0.1:1');
let prefix = '';

afterAll(async () => {
  await redis.quit();
});

beforeEach(() => {
  prefix = `test:${randomUUID().slice(0, 8)}:`;
});

function liveness(sockets: { principal: string; socketId: string }[] = [], ttlMs = 300) {
  return new ProcessLiveness({
    redis,
    prefix,
    log,
    heartbeatMs: 60_000,
    ttlMs,
    pointGraceMs: 60_000,
    expertGraceMs: 30_000,
    localSockets: () => sockets,
  });
}

const deadlines = () => redis.zrange(`${prefix}deadlines`, 0, -1, 'WITHSCORES');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connection registry', () => {
  it('starts a grace period when the last socket of a principal goes, and a reconnection cancels it', async () => {
    const a = liveness();
    await a.connected('expert:aino', 's1');
    await a.connected('expert:aino', 's2');
    await a.disconnected('expert:aino', 's1');
    expect(await deadlines()).toEqual([]);
    const before = Date.now();
    await a.disconnected('expert:aino', 's2');
    const [member, score] = await deadlines();
    expect(member).toBe('egrace|aino');
    expect(Number(score)).toBeGreaterThanOrEqual(before + 30_000 - 50);
    expect(Number(score)).toBeLessThanOrEqual(Date.now() + 30_000 + 50);

    await a.connected('expert:aino', 's3');
    expect(await deadlines()).toEqual([]);
    expect(await redis.hexists(`${prefix}lost`, 'expert:aino')).toBe(0);
  });

  it('reaps a process whose heartbeat lapsed: everyone it held starts their grace period', async () => {
    const dead = liveness();
    const survivor = liveness();
    await dead.beat();
    await survivor.beat();
    await dead.connected('point:mikkeli', 'p1');
    await dead.connected('expert:aino', 'e1');
    await dead.connected('expert:sanna', 'e2');
    // Sanna also has a tab on the surviving process: she keeps a live socket.
    await survivor.connected('expert:sanna', 'e3');

    await sleep(400); // dead stops beating; survivor beats on
    await survivor.beat();

    const members = (await deadlines()).filter((_, i) => i % 2 === 0).sort();
    expect(members).toEqual(['egrace|aino', 'pgrace|mikkeli']);
    expect(await redis.hgetall(`${prefix}conn:expert:sanna`)).toEqual({ e3: survivor.processId });
    expect(await redis.exists(`${prefix}proc:${dead.processId}:conns`)).toBe(0);
    expect(await redis.zscore(`${prefix}procs`, dead.processId)).toBeNull();
  });

  it('a process reaped while alive registers its sockets again, which cancels their grace', async () => {
    const sockets = [{ principal: 'point:mikkeli', socketId: 'p1' }];
    const paused = liveness(sockets);
    const other = liveness();
    await paused.beat();
    await paused.connected('point:mikkeli', 'p1');
    await sleep(400);
    await other.beat(); // reaps the paused one
    expect((await deadlines())[0]).toBe('pgrace|mikkeli');

    await paused.beat(); // finds itself unknown and registers again
    expect(await deadlines()).toEqual([]);
    expect(await redis.hgetall(`${prefix}conn:point:mikkeli`)).toEqual({ p1: paused.processId });
  });

  it('after a Redis restart, takes out an entry whose disconnect Redis lost, and starts its grace', async () => {
    const sockets = [{ principal: 'expert:sanna', socketId: 'e2' }];
    const alive = liveness(sockets);
    await alive.beat();
    await alive.connected('expert:sanna', 'e2');
    await alive.connected('expert:aino', 'e1');
    await alive.disconnected('expert:aino', 'e1');
    // The restarted Redis kept Aino's registration and lost her disconnect (within AOF's second).
    await redis.del(`${prefix}lost`, `${prefix}deadlines`);
    await redis.hset(`${prefix}conn:expert:aino`, 'e1', alive.processId);
    await redis.sadd(`${prefix}proc:${alive.processId}:conns`, 'expert:aino|e1');

    await alive.resync();
    expect(await redis.exists(`${prefix}conn:expert:aino`)).toBe(0);
    expect(await redis.smembers(`${prefix}proc:${alive.processId}:conns`)).toEqual(['expert:sanna|e2']);
    expect((await deadlines())[0]).toBe('egrace|aino');
    // The socket still here is not touched.
    expect(await redis.hgetall(`${prefix}conn:expert:sanna`)).toEqual({ e2: alive.processId });
  });

  it('leaves a socket alone while it is being registered (not yet among the server’s sockets)', async () => {
    const alive = liveness([]);
    await alive.beat();
    await alive.connected('point:mikkeli', 'p1'); // in the middleware, not connected yet
    await alive.resync();
    expect(await redis.hgetall(`${prefix}conn:point:mikkeli`)).toEqual({ p1: alive.processId });
    expect(await deadlines()).toEqual([]);
  });
});

describe('deadline pump', () => {
  it('fires each due deadline once across two pumps, not the ones still ahead', async () => {
    const key = `${prefix}deadlines`;
    const now = Number((await redis.time())[0]) * 1000;
    for (let i = 0; i < 50; i++) await redis.zadd(key, now - 1000, `offer|o${i}`);
    await redis.zadd(key, now + 60_000, 'wrap|later');
    const fired: string[] = [];
    // The handler acts like a firing script: it removes what it fired.
    const handler = async (d: Deadline) => {
      fired.push(`${d.kind}|${d.id}`);
      await redis.zrem(key, `${d.kind}|${d.id}`);
    };
    const one = new DeadlinePump({ redis, key, handler, log, batch: 7 });
    const two = new DeadlinePump({ redis, key, handler, log, batch: 7 });
    await Promise.all([one.fireDue(), two.fireDue()]);
    expect(fired.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `offer|o${i}`).sort());
    expect(await redis.zrange(key, 0, -1)).toEqual(['wrap|later']);
  });

  it('a deadline whose firing failed comes back after its lease', async () => {
    const key = `${prefix}deadlines`;
    await redis.zadd(key, 1, 'pgrace|mikkeli');
    let attempts = 0;
    const pump = new DeadlinePump({
      redis,
      key,
      log,
      leaseMs: 150,
      handler: async () => {
        attempts++;
        if (attempts === 1) throw new Error('process trouble');
        await redis.zrem(key, 'pgrace|mikkeli');
      },
    });
    await pump.fireDue();
    expect(attempts).toBe(1);
    await pump.fireDue(); // still leased: not fired again yet
    expect(attempts).toBe(1);
    await sleep(200);
    await pump.fireDue();
    expect(attempts).toBe(2);
    expect(await redis.zcard(key)).toBe(0);
  });

  it('drops members it cannot interpret instead of claiming them forever', async () => {
    const key = `${prefix}deadlines`;
    await redis.zadd(key, 1, 'nonsense');
    const pump = new DeadlinePump({ redis, key, log, handler: async () => undefined });
    await pump.fireDue();
    expect(await redis.zcard(key)).toBe(0);
  });
});
