/**
 * Redis killed with SIGKILL and restarted on its own data (AOF, fsync every second): with 200
 * requests waiting and 10 sessions in progress, the signaling processes reconnect by themselves,
 * nothing older than the last second is lost, the sessions go on to their wrap-ups, and each
 * session's transaction is handed to the ledger exactly once. A request made while Redis is down
 * is answered once it is back.
 */
import { randomUUID } from 'node:crypto';
import type { Offer, TicketView } from '@etapiste/protocol';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type RunningRedis, startRedis } from '../../scripts/redis-server.mjs';
import { Keys } from '../src/redis/keys.js';
import { ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { request, type TestSocket } from './support/harness.js';
import { ledgerRecords } from './support/ledger-jobs.js';
import { writeQueueSeed } from './support/queue-seed.js';
import {
  connectAs,
  expertPrincipal,
  pointPrincipal,
  type SignalingProcess,
  startSignalingProcess,
} from './support/signaling-process.js';
import { until } from './support/until.js';

jest.setTimeout(120_000);

const KELA_FI = [{ agency: 'kela', language: 'fi' as const }];
const EXPERTS = Array.from({ length: 10 }, (_, i) => `k${i + 1}`);
const POINTS = Array.from({ length: 14 }, (_, i) => `p${i + 1}`);
const seed = writeQueueSeed(
  EXPERTS.map((id) => ({ id, skills: KELA_FI })),
  POINTS,
);

describe('Redis killed and restarted on its data', () => {
  let redisServer: RunningRedis;
  let client: Redis;
  const processes: SignalingProcess[] = [];
  const sockets: TestSocket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((p) => p.kill()));
    client?.disconnect();
    await redisServer?.stop();
  });

  it('keeps 200 waiting requests and 10 sessions, each transaction recorded once', async () => {
    redisServer = await startRedis();
    client = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const keys = new Keys(prefix);
    const env = { REDIS_URL: redisServer.url, REDIS_PREFIX: prefix, SEED_FILE: seed };
    const a = await startSignalingProcess(env);
    const b = await startSignalingProcess(env);
    processes.push(a, b);
    const on = async (target: SignalingProcess, principal: Parameters<typeof connectAs>[1]) => {
      const socket = await connectAs(target, principal);
      sockets.push(socket);
      return socket;
    };

    // 10 sessions in progress: k1–k10 with p1–p10, half on each process.
    const experts = new Map<string, TestSocket>();
    const sessions = new Map<string, string>();
    for (const [i, id] of EXPERTS.entries()) {
      const target = i % 2 ? b : a;
      const expert = await on(target, expertPrincipal(id, KELA_FI));
      experts.set(id, expert);
      const point = await on(target, pointPrincipal(POINTS[i] as string));
      const offer = nextEvent(expert, 'offer:incoming');
      await ok(request(expert, 'presence:set', { state: 'available' }));
      await ok(request(point, 'request:create', { agency: 'kela', language: 'fi' }));
      const got: Offer = await offer;
      const session = await ok<{ sessionId: string }>(request(expert, 'offer:accept', { offerId: got.offerId }));
      sessions.set(id, session.sessionId);
    }
    // 200 waiting requests from p11–p14.
    const waitingPoints = await Promise.all(POINTS.slice(10).map((id, i) => on(i % 2 ? b : a, pointPrincipal(id))));
    for (let i = 0; i < 200; i++) {
      await ok(
        request(waitingPoints[i % 4] as TestSocket, 'request:create', {
          agency: 'kela',
          language: 'fi',
          whenUnavailable: 'wait',
        }),
      );
    }
    const order = await client.zrange(keys.queue('kela', 'fi'), 0, -1);
    expect(order).toHaveLength(200);

    // Past AOF's one-second fsync, then kill -9 and restart on the same data and port.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redisServer.stop({ keepData: true, signal: 'SIGKILL' });
    // A request made while Redis is down waits for it rather than failing or vanishing.
    const duringOutage = request(waitingPoints[0] as TestSocket, 'request:list', {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    redisServer = await startRedis({ port: redisServer.port, dir: redisServer.dir });

    // The processes reconnect by themselves and report ready again.
    await until('both processes ready', async () => {
      const ready = await Promise.all(
        processes.map((p) =>
          fetch(`${p.url}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return ready.every(Boolean);
    });
    expect((await duringOutage).ok).toBe(true);
    expect(await client.zrange(keys.queue('kela', 'fi'), 0, -1)).toEqual(order);
    const listed = await ok<TicketView[]>(request(waitingPoints[1] as TestSocket, 'request:list', {}));
    expect(listed.filter((t) => t.state === 'waiting')).toHaveLength(50);

    // Sessions go on: each specialist ends and wraps up on the same connection.
    for (const [expertId, sessionId] of sessions) {
      const expert = experts.get(expertId) as TestSocket;
      expect(await client.hget(keys.session(sessionId), 'endedAt')).toBeNull();
      await ok(request(expert, 'session:end', { sessionId }));
      await ok(request(expert, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    }
    const connection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    const transactions = new Queue('transactions', { connection, prefix: keys.bullPrefix() });
    await until('every transaction handed over', async () => (await client.hlen(keys.pendingTransactions())) === 0);
    const records = await ledgerRecords(transactions);
    expect(records.map(({ record }) => record.sessionId).sort()).toEqual([...sessions.values()].sort());
    await transactions.close();
    connection.disconnect();
  });
});
