/**
 * Redis Sentinel failover with everything connected through it: a primary, a replica and three
 * sentinels (Debian's redis-server), two signaling processes (the built dist/main.js) and an SFU
 * node with REDIS_SENTINELS. With customers waiting and sessions running, the primary is killed
 * with SIGKILL: the sentinels promote the replica, and every connection (commands, Socket.IO's
 * adapter, BullMQ, the SFU registry) continues there by itself. Also: a sentinel group that knows
 * no master of the configured name stops signaling at start with a clear message.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Offer, TicketView } from '@etapiste/protocol';
import { SfuNodeStatus, sfuRegistryKeys } from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { type SentinelGroup, startSentinelGroup } from '../scripts/redis-sentinel.mjs';
import { freePort } from '../scripts/redis-server.mjs';
import { CONTROL_SECRET, startTestNode } from '../sfu-server/test/support/sfu-node.js';
import { Keys } from '../signaling/src/redis/keys.js';
import { ok } from '../signaling/test/support/acks.js';
import { nextEvent } from '../signaling/test/support/events.js';
import { request, type TestSocket } from '../signaling/test/support/harness.js';
import { writeQueueSeed } from '../signaling/test/support/queue-seed.js';
import {
  connectAs,
  expertPrincipal,
  PROCESS_SECRET,
  pointPrincipal,
  type SignalingProcess,
  startSignalingProcess,
} from '../signaling/test/support/signaling-process.js';
import { until } from '../signaling/test/support/until.js';

jest.setTimeout(300_000);

const KELA_FI = [{ agency: 'kela', language: 'fi' as const }];
const TAX_FI = [{ agency: 'tax', language: 'fi' as const }];
const seed = writeQueueSeed(
  [
    { id: 'k1', skills: KELA_FI },
    { id: 'k2', skills: KELA_FI },
    { id: 't1', skills: TAX_FI },
  ],
  ['p1', 'p2', 'p3', 'p4', 'p5'],
);

let group: SentinelGroup;
beforeAll(async () => {
  group = await startSentinelGroup();
});
afterAll(async () => {
  await group?.stop();
});

describe('Redis Sentinel failover', () => {
  const processes: SignalingProcess[] = [];
  const sockets: TestSocket[] = [];
  let sfuNode: Awaited<ReturnType<typeof startTestNode>> | undefined;
  let client: Redis;
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((p) => p.kill()));
    await sfuNode?.close();
    client?.disconnect();
  });

  it('keeps waiting customers, running sessions and new work going on the promoted replica', async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const keys = new Keys(prefix);
    const sentinelEnv = { REDIS_SENTINELS: group.addresses, REDIS_SENTINEL_NAME: group.name };
    // The test's own view of Redis follows the failover too.
    client = new Redis({
      sentinels: group.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: group.name,
    });
    // It loses the primary on purpose below and reconnects by itself: not an unhandled error.
    client.on('error', () => undefined);
    const env = {
      ...sentinelEnv,
      // Only the primary's credentials and database are taken from REDIS_URL with Sentinel: this
      // address is never dialled.
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_PREFIX: prefix,
      SEED_FILE: seed,
      SFU_CONTROL_SECRET: CONTROL_SECRET,
    };
    const a = await startSignalingProcess(env);
    const b = await startSignalingProcess(env);
    processes.push(a, b);
    sfuNode = await startTestNode({
      ...sentinelEnv,
      REDIS_PREFIX: prefix,
      SFU_NODE_ID: 'sfu-sentinel',
      SFU_WORKERS: '1',
    });
    const on = async (target: SignalingProcess, principal: Parameters<typeof connectAs>[1]) => {
      const socket = await connectAs(target, principal);
      sockets.push(socket);
      return socket;
    };

    // Two sessions in progress (k1 with p1 on a, k2 with p2 on b)…
    const sessions = new Map<TestSocket, string>();
    for (const [expertId, pointId, target] of [
      ['k1', 'p1', a],
      ['k2', 'p2', b],
    ] as const) {
      const expert = await on(target, expertPrincipal(expertId, KELA_FI));
      const point = await on(target, pointPrincipal(pointId));
      const offer = nextEvent(expert, 'offer:incoming');
      await ok(request(expert, 'presence:set', { state: 'available' }));
      await ok(request(point, 'request:create', { agency: 'kela', language: 'fi' }));
      const got: Offer = await offer;
      sessions.set(
        expert,
        (await ok<{ sessionId: string }>(request(expert, 'offer:accept', { offerId: got.offerId }))).sessionId,
      );
    }
    // …and 20 customers waiting, from p3 (on a) and p4 (on b).
    const waiting = [await on(a, pointPrincipal('p3')), await on(b, pointPrincipal('p4'))];
    for (let i = 0; i < 20; i++) {
      await ok(
        request(waiting[i % 2] as TestSocket, 'request:create', {
          agency: 'kela',
          language: 'fi',
          whenUnavailable: 'wait',
        }),
      );
    }
    const order = await client.zrange(keys.queue('kela', 'fi'), 0, -1);
    expect(order).toHaveLength(20);

    // Replication is asynchronous: the test waits until the replica has everything (WAIT), so
    // what it checks below is what failover keeps, not what it might lose (docs/operations.md).
    const primary = new Redis(group.primary.url);
    expect(await primary.call('WAIT', '1', '5000')).toBe(1);
    primary.disconnect();

    const killedAt = Date.now();
    await group.primary.stop({ signal: 'SIGKILL' });
    // A command sent while there is no primary waits for the new one rather than failing.
    const duringFailover = request(waiting[0] as TestSocket, 'request:list', {});

    await until(
      'the sentinels promote the replica',
      async () => group.sentinels.every((s) => s.log().includes(`+switch-master ${group.name}`)),
      60_000,
    );
    const sentinel = new Redis({ host: '127.0.0.1', port: group.sentinels[0]?.port });
    expect(await sentinel.call('SENTINEL', 'get-master-addr-by-name', group.name)).toEqual([
      '127.0.0.1',
      String(group.replica.port),
    ]);
    sentinel.disconnect();

    // Bounds on giving up, not timing checks: every client reconnects through the sentinels with
    // retries that back off, which on a loaded two-core CI machine can take tens of seconds.
    await until(
      'both signaling processes ready on the new primary',
      async () => {
        const ready = await Promise.all(
          processes.map((p) =>
            fetch(`${p.url}/readyz`).then(
              (r) => r.ok,
              () => false,
            ),
          ),
        );
        return ready.every(Boolean);
      },
      90_000,
    );
    expect((await duringFailover).ok).toBe(true);
    expect(await client.zrange(keys.queue('kela', 'fi'), 0, -1)).toEqual(order);
    const listed = await ok<TicketView[]>(request(waiting[1] as TestSocket, 'request:list', {}));
    expect(listed.filter((t) => t.state === 'waiting')).toHaveLength(10);

    // The SFU node's heartbeat writes its registry entry to the new primary (its client reconnects
    // after the failover with retries that back off, which can take a while on a loaded machine).
    await until(
      'the SFU node registered on the new primary',
      async () => {
        const raw = await client.get(sfuRegistryKeys.node(prefix, 'sfu-sentinel'));
        return raw !== null && Date.parse(SfuNodeStatus.parse(JSON.parse(raw)).updatedAt) > killedAt;
      },
      90_000,
    );

    // New work across both processes (the offer push crosses from a to b over the adapter).
    const t1 = await on(b, expertPrincipal('t1', TAX_FI));
    const p5 = await on(a, pointPrincipal('p5'));
    const offer = nextEvent(t1, 'offer:incoming');
    await ok(request(t1, 'presence:set', { state: 'available' }));
    await ok(request(p5, 'request:create', { agency: 'tax', language: 'fi' }));
    const newSession = await ok<{ sessionId: string }>(request(t1, 'offer:accept', { offerId: (await offer).offerId }));
    sessions.set(t1, newSession.sessionId);

    // The sessions go on to their wrap-ups; each transaction reaches BullMQ once (no ledger runs here: the jobs wait).
    for (const [expert, sessionId] of sessions) {
      await ok(request(expert, 'session:end', { sessionId }));
      await ok(request(expert, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    }
    await until(
      'every transaction handed over',
      async () => (await client.hlen(keys.pendingTransactions())) === 0,
      60_000,
    );
    // The outbox hands records over in batches (one job each, waiting: no ledger here); every
    // session's transaction is in exactly one of them.
    const waitingJobs = await client.lrange(`${keys.bullPrefix()}:transactions:wait`, 0, -1);
    const handed: string[] = [];
    for (const jobId of waitingJobs) {
      const data = JSON.parse((await client.hget(`${keys.bullPrefix()}:transactions:${jobId}`, 'data')) ?? '{}') as {
        batch?: { sessionId: string }[];
      };
      handed.push(...(data.batch ?? []).map((record) => record.sessionId));
    }
    expect(handed.sort()).toEqual([...sessions.values()].sort());
  });
});

describe('a sentinel group without the configured master', () => {
  it('stops signaling at start with a message naming the master and the sentinels', async () => {
    const main = fileURLToPath(new URL('../signaling/dist/main.js', import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        TOKEN_SECRET: PROCESS_SECRET,
        SIGNALING_PORT: String(await freePort()),
        LEDGER_ENABLED: 'false',
        REDIS_SENTINELS: group.addresses,
        REDIS_SENTINEL_NAME: 'no-such-master',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `Redis Sentinel knows no master named "no-such-master" (asked ${group.addresses.replaceAll(',', ', ')}): ` +
        `check REDIS_SENTINEL_NAME against the sentinels' "sentinel monitor" line`,
    );
  });
});
