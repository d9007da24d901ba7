/**
 * The queue heals itself after a signaling process is killed (SIGKILL) and never comes back: with
 * two processes, 500 waiting requests and 50 specialists, no specialist of the dead process stays
 * "available" later than heartbeat TTL + grace, requests of points that never return are
 * abandoned, and points that reconnect to the survivor keep their places in order. Then every
 * named failpoint (src/failpoints.ts) kills a process between a state change and its side
 * effects, and nothing is left stuck.
 */
import { randomUUID } from 'node:crypto';
import type { Offer, TicketView } from '@etapiste/protocol';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FAILPOINTS } from '../src/failpoints/failpoints.js';
import { Keys } from '../src/redis/keys.js';
import { ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { request, type TestSocket, testRedisUrl } from './support/harness.js';
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

const TAX_FI = [{ agency: 'tax', language: 'fi' as const }];
const POINTS = Array.from({ length: 20 }, (_, i) => `p${i + 1}`);
const EXPERTS = Array.from({ length: 50 }, (_, i) => `e${i + 1}`);
const seed = writeQueueSeed(
  EXPERTS.map((id) => ({ id, skills: TAX_FI })),
  POINTS,
);
/** Short heartbeats and graces, so the bounds are seconds. */
const FAST = {
  SEED_FILE: seed,
  HEARTBEAT_INTERVAL_MS: '200',
  HEARTBEAT_TTL_MS: '1000',
  POINT_GRACE_SECONDS: '2',
  EXPERT_GRACE_SECONDS: '1.5',
  OFFER_TIMEOUT_SECONDS: '1',
  WRAP_UP_LIMIT_SECONDS: '1',
  DEADLINE_LEASE_MS: '1000',
};

const redis = new Redis(testRedisUrl());
const processes: SignalingProcess[] = [];
const sockets: TestSocket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(processes.map((p) => p.kill()));
  await redis.quit();
});

async function start(prefix: string, env: Record<string, string> = {}): Promise<SignalingProcess> {
  const started = await startSignalingProcess({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, ...FAST, ...env });
  processes.push(started);
  return started;
}

async function socketOf(target: SignalingProcess, principal: Parameters<typeof connectAs>[1]): Promise<TestSocket> {
  const socket = await connectAs(target, principal);
  sockets.push(socket);
  return socket;
}

const stateOf = (keys: Keys, expertId: string) => redis.hget(keys.presence(expertId), 'state');

describe('a signaling process killed and never restarted', () => {
  it('leaves no ghost specialist, abandons what nobody comes back for, keeps order for those who do', async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const keys = new Keys(prefix);
    const a = await start(prefix);
    const b = await start(prefix);

    // 50 specialists of tax/fi, half on each process, all available.
    for (const [i, id] of EXPERTS.entries()) {
      const socket = await socketOf(i < 25 ? a : b, expertPrincipal(id, TAX_FI));
      await ok(request(socket, 'presence:set', { state: 'available' }));
    }
    // 500 requests waiting for kela/fi (nobody serves it, so they wait), from 20 points: p1–p10 on A.
    const pointSockets = new Map<string, TestSocket>();
    for (const [i, id] of POINTS.entries()) pointSockets.set(id, await socketOf(i < 10 ? a : b, pointPrincipal(id)));
    const owner = new Map<string, string>();
    for (let i = 0; i < 500; i++) {
      const pointId = POINTS[i % 20] as string;
      const created = await ok<{ ticket: TicketView }>(
        request(pointSockets.get(pointId) as TestSocket, 'request:create', {
          agency: 'kela',
          language: 'fi',
          whenUnavailable: 'wait',
        }),
      );
      owner.set(created.ticket.ticketId, pointId);
    }
    const order = await redis.zrange(keys.queue('kela', 'fi'), 0, -1);
    expect(order).toHaveLength(500);

    await a.kill('SIGKILL');
    const killedAt = Date.now();
    // p1–p5 come back to the survivor within their grace; p6–p10 never do.
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await socketOf(b, pointPrincipal(id));

    // Bound: TTL (1 s) + expert grace (1.5 s), checked with a margin for the deadline round.
    await until('specialists of the dead process offline', async () => {
      const states = await Promise.all(EXPERTS.slice(0, 25).map((id) => stateOf(keys, id)));
      return states.every((state) => state === 'offline');
    });
    expect(Date.now() - killedAt).toBeLessThan(1000 + 1500 + 2500);
    for (const id of EXPERTS.slice(25)) expect(await stateOf(keys, id)).toBe('available');

    const gone = new Set(['p6', 'p7', 'p8', 'p9', 'p10']);
    await until('requests of points that never came back abandoned', async () => {
      const left = await redis.zrange(keys.queue('kela', 'fi'), 0, -1);
      return left.length === 500 - 125;
    });
    expect(await redis.zrange(keys.queue('kela', 'fi'), 0, -1)).toEqual(
      order.filter((id) => !gone.has(owner.get(id) ?? '')),
    );
    for (const [ticketId, pointId] of owner) {
      expect(await redis.hget(keys.ticket(ticketId), 'state')).toBe(gone.has(pointId) ? 'abandoned' : 'waiting');
    }

    // A new tax/fi request is offered at once to a live specialist, never rung at a ghost.
    const live = await Promise.all(EXPERTS.slice(25, 27).map(async (id) => socketOf(b, expertPrincipal(id, TAX_FI))));
    const offered = Promise.race(live.map((socket) => nextEvent(socket, 'offer:incoming', () => true, 5000)));
    await ok(request(pointSockets.get('p11') as TestSocket, 'request:create', { agency: 'tax', language: 'fi' }));
    const offer = (await offered) as Offer;
    expect(await redis.hmget(keys.ticket(offer.ticketId), 'offerId', 'expertId')).toEqual([
      offer.offerId,
      expect.stringMatching(/^e(2[6-9]|[34]\d|50)$/),
    ]);
  });
});

describe('a process killed at each failpoint', () => {
  // Each case drives the victim to its point, where it dies; a survivor started afterwards (so the
  // victim cannot be beaten to the point) must resolve everything the victim left.
  const cases: Record<
    (typeof FAILPOINTS)[number],
    { arm: string; drive: (victim: SignalingProcess) => Promise<void> }
  > = {
    'queue:after-script': {
      // 1st script: the specialist goes available; 2nd: the request is queued and offered, and
      // the process dies before the offer is pushed.
      arm: 'queue:after-script@2',
      drive: async (victim) => {
        const e1 = await socketOf(victim, expertPrincipal('e1', TAX_FI));
        await ok(request(e1, 'presence:set', { state: 'available' }));
        const point = await socketOf(victim, pointPrincipal('p1'));
        request(point, 'request:create', { agency: 'tax', language: 'fi' }).catch(() => undefined);
      },
    },
    'deadlines:after-claim': {
      // The offer rings out; the victim's pump claims the deadline and dies before firing it.
      arm: 'deadlines:after-claim',
      drive: async (victim) => {
        const e1 = await socketOf(victim, expertPrincipal('e1', TAX_FI));
        await ok(request(e1, 'presence:set', { state: 'available' }));
        const point = await socketOf(victim, pointPrincipal('p1'));
        await ok(request(point, 'request:create', { agency: 'tax', language: 'fi' }));
      },
    },
    'outbox:before-relay': { arm: 'outbox:before-relay', drive: (victim) => sessionWrappedUpOn(victim) },
    'outbox:after-relay': { arm: 'outbox:after-relay', drive: (victim) => sessionWrappedUpOn(victim) },
    'liveness:before-register': {
      arm: 'liveness:before-register',
      drive: async (victim) => {
        // The handshake dies with the process; the client may never hear back, so no await.
        connectAs(victim, pointPrincipal('p1')).then(
          (socket) => sockets.push(socket),
          () => undefined,
        );
      },
    },
  };

  async function sessionWrappedUpOn(victim: SignalingProcess): Promise<void> {
    const expert = await socketOf(victim, expertPrincipal('e1', TAX_FI));
    await ok(request(expert, 'presence:set', { state: 'available' }));
    const point = await socketOf(victim, pointPrincipal('p1'));
    const offer = nextEvent(expert, 'offer:incoming');
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi' }));
    const session = await ok<{ sessionId: string }>(
      request(expert, 'offer:accept', { offerId: (await offer).offerId }),
    );
    await ok(request(expert, 'session:end', { sessionId: session.sessionId }));
    request(expert, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }).catch(() => undefined);
  }

  for (const name of FAILPOINTS) {
    it(`${name}: nothing is stuck afterwards`, async () => {
      const prefix = `test:${randomUUID().slice(0, 8)}:`;
      const keys = new Keys(prefix);
      const victim = await start(prefix, { ETAPISTE_FAILPOINTS: cases[name].arm });
      await cases[name].drive(victim);
      await victim.exited;
      await start(prefix);

      // The survivor resolves what the victim held: the offer expires, grace periods run out, the
      // transaction is handed over. In the end no deadline is left, nobody rings, no request
      // waits for a point that is gone, no specialist is available without a socket.
      await until(
        async () => `settled (deadlines: ${JSON.stringify(await redis.zrange(keys.deadlines(), 0, -1))})`,
        async () => {
          const [deadlines, state, pendingTx, p1Tickets, procs] = await Promise.all([
            redis.zcard(keys.deadlines()),
            redis.hget(keys.presence('e1'), 'state'),
            redis.hlen(keys.pendingTransactions()),
            redis.scard(keys.pointTickets('p1')),
            redis.zcard(keys.processes()),
          ]);
          return (
            deadlines === 0 &&
            (state === null || state === 'offline') &&
            pendingTx === 0 &&
            p1Tickets === 0 &&
            procs === 1
          );
        },
      );
      expect(await redis.exists(keys.connections('point:p1'), keys.connections('expert:e1'))).toBe(0);
      expect(await redis.zcard(keys.available('tax', 'fi'))).toBe(0);
      if (name.startsWith('outbox:')) {
        // Exactly one transaction handed over for the session, whichever process relayed it (the
        // batch added again after the crash has the same records, so the same job id).
        const connection = redis.duplicate();
        const transactions = new Queue('transactions', { connection, prefix: keys.bullPrefix() });
        const records = await ledgerRecords(transactions);
        expect(records).toHaveLength(1);
        await transactions.close();
        connection.disconnect();
      }
    });
  }
});
