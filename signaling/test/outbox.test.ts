/**
 * The outbox relay (src/queue/outbox.ts) against a real Redis and real BullMQ queues: records
 * go over in batches, every record once even when several processes flush at the same moment,
 * and a channel another process holds is left to it.
 */
import { randomUUID } from 'node:crypto';
import { DemandEvent, Transaction } from '@etapiste/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Outbox } from '../src/queue/outbox.js';
import { DEMAND_QUEUE, demandChannel, TRANSACTIONS_QUEUE, transactionChannel } from '../src/queue/outbox-channels.js';
import { Keys } from '../src/redis/keys.js';
import { testRedisUrl } from './support/harness.js';
import { ledgerRecords } from './support/ledger-jobs.js';
import { transactionMark } from './support/transaction-mark.js';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

let redis: Redis;
let keys: Keys;
const outboxes: Outbox[] = [];

/** One signaling process's outbox; its own timer is slowed so that only the test flushes. */
function outbox(): Outbox {
  const created = new Outbox(testRedisUrl(), keys.bullPrefix(), [demandChannel(redis, keys, log)], log, 60_000);
  outboxes.push(created);
  return created;
}

async function markDenials(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `ev${randomUUID().replaceAll('-', '')}`);
  const pipeline = redis.pipeline();
  for (const id of ids) {
    pipeline.hset(
      keys.pendingDemand(),
      id,
      JSON.stringify({
        kind: 'denied',
        pointId: 'p1',
        agency: 'kela',
        language: 'fi',
        reason: 'closed',
        atMs: Date.now(),
      }),
    );
  }
  await pipeline.exec();
  return ids;
}

beforeEach(() => {
  keys = new Keys(`test:${randomUUID().slice(0, 8)}:`);
});
beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  for (const o of outboxes) await o.close();
  await redis.quit();
});

describe('the outbox relay', () => {
  it('hands 250 records over in batches of at most 100, and clears their marks', async () => {
    const ids = await markDenials(250);
    const relay = outbox();
    expect(await relay.flush()).toBe(250);
    expect(await redis.hlen(keys.pendingDemand())).toBe(0);
    const queue = relay.queues.get(DEMAND_QUEUE);
    const jobs = (await queue?.getJobs(['waiting'])) ?? [];
    expect(jobs).toHaveLength(3);
    for (const job of jobs) expect((job.data as { batch: unknown[] }).batch.length).toBeLessThanOrEqual(100);
    const records = await ledgerRecords(queue);
    expect(records.map(({ record }) => record.eventId).sort()).toEqual([...ids].sort());
    for (const { record } of records) expect(DemandEvent.safeParse(record).success).toBe(true);
  });

  it('hands every record over once when three processes flush at the same moment', async () => {
    const ids = await markDenials(300);
    const relays = [outbox(), outbox(), outbox()];
    const moved = await Promise.all(relays.map((relay) => relay.flush()));
    // One of them held the channel and moved everything; the others found it held.
    expect(moved.sort((a, b) => a - b)).toEqual([0, 0, 300]);
    expect(await redis.hlen(keys.pendingDemand())).toBe(0);
    const records = await ledgerRecords(relays[0]?.queues.get(DEMAND_QUEUE));
    expect(records.map(({ record }) => record.eventId).sort()).toEqual([...ids].sort());
    // The hold is given back: the next flush, in any process, relays what comes next.
    const [later] = await markDenials(1);
    expect(await relays[2]?.flush()).toBe(1);
    expect((await ledgerRecords(relays[0]?.queues.get(DEMAND_QUEUE))).map(({ record }) => record.eventId)).toContain(
      later,
    );
  });

  it('leaves a channel held by another process alone until the hold runs out', async () => {
    const ids = await markDenials(2);
    // A process that died while relaying left its hold behind, with its expiry.
    await redis.set(keys.outboxRelay(DEMAND_QUEUE), 'dead-process', 'PX', 300);
    const relay = outbox();
    expect(await relay.flush()).toBe(0);
    expect(await redis.hlen(keys.pendingDemand())).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await relay.flush()).toBe(2);
    const records = await ledgerRecords(relay.queues.get(DEMAND_QUEUE));
    expect(records.map(({ record }) => record.eventId).sort()).toEqual([...ids].sort());
    expect(await redis.exists(keys.outboxRelay(DEMAND_QUEUE))).toBe(0);
  });

  it('hands a transaction over from its mark alone, after its session has expired, and clears one it cannot read', async () => {
    const now = Date.now();
    // As the wrap-up script writes it. No session hash is left in Redis (its retention ran out
    // while the hand-over was held up).
    await redis.hset(keys.pendingTransactions(), {
      'session-000000001': transactionMark(now, { note: 'Asia hoidettu' }),
      broken: '{"ticketId":',
      partial: JSON.stringify({ ticketId: 't2', agency: 'kela' }),
    });
    const relay = new Outbox(testRedisUrl(), keys.bullPrefix(), [transactionChannel(redis, keys, log)], log, 60_000);
    outboxes.push(relay);
    expect(await relay.flush()).toBe(3);
    expect(await redis.hlen(keys.pendingTransactions())).toBe(0);
    const records = await ledgerRecords(relay.queues.get(TRANSACTIONS_QUEUE));
    expect(records).toHaveLength(1);
    const transaction = Transaction.parse(records[0]?.record);
    expect(transaction).toMatchObject({
      sessionId: 'session-000000001',
      outcome: 'resolved',
      agency: 'kela',
      note: 'Asia hoidettu',
    });
  });
});
