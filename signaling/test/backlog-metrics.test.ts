/**
 * What the outbox and ledger gauges report (http/prometheus.ts): records pending in Redis and the
 * age of the oldest, per channel; ledger jobs by state and the age of the oldest not yet written,
 * per BullMQ queue. Real Redis and real BullMQ queues; time is passed in, never waited for.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LedgerBacklog } from '../src/ledger/ledger-backlog.js';
import { OutboxBacklog } from '../src/queue/outbox-backlog.js';
import { Keys } from '../src/redis/keys.js';
import { testRedisUrl } from './support/harness.js';
import { transactionMark } from './support/transaction-mark.js';

let redis: Redis;
let keys: Keys;
beforeAll(() => {
  redis = new Redis(testRedisUrl());
  keys = new Keys(`test:${randomUUID().slice(0, 8)}:`);
});
afterAll(async () => {
  await redis.quit();
});

describe('the outbox backlog', () => {
  it('is empty when everything was handed over', async () => {
    const backlog = new OutboxBacklog(redis, keys);
    expect(await backlog.read()).toEqual([
      { channel: 'transactions', pending: 0, oldestSeconds: undefined },
      { channel: 'demand', pending: 0, oldestSeconds: undefined },
    ]);
  });

  it('counts pending records and ages the oldest from its wrap-up or its moment', async () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0);
    await redis.hset(keys.pendingTransactions(), {
      's-old': transactionMark(now),
      's-new': transactionMark(now, { completedAt: String(now - 10_000) }),
    });
    await redis.hset(keys.pendingDemand(), {
      e1: JSON.stringify({ kind: 'abandoned', atMs: now - 45_000 }),
      e2: JSON.stringify({ kind: 'cancelled', atMs: now - 5_000 }),
    });
    const backlog = new OutboxBacklog(redis, keys);
    expect(await backlog.read(now)).toEqual([
      { channel: 'transactions', pending: 2, oldestSeconds: 300 },
      { channel: 'demand', pending: 2, oldestSeconds: 45 },
    ]);
  });
});

describe('the ledger backlog', () => {
  it('counts jobs by state and ages the oldest not yet written', async () => {
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const transactions = new Queue('transactions', { connection, prefix: keys.bullPrefix() });
    const audit = new Queue('audit', { connection, prefix: keys.bullPrefix() });
    try {
      const first = await transactions.add('transactions', { n: 1 }, { jobId: 'a' });
      await transactions.add('transactions', { n: 2 }, { jobId: 'b' });
      await transactions.add('transactions', { n: 3 }, { jobId: 'c', delay: 60_000 });
      const backlog = new LedgerBacklog([transactions, audit]);
      const [tx, au] = await backlog.read(first.timestamp + 120_000);
      expect(tx).toEqual({
        queue: 'transactions',
        jobs: { waiting: 2, delayed: 1, active: 0, failed: 0 },
        oldestSeconds: 120,
      });
      expect(au).toEqual({
        queue: 'audit',
        jobs: { waiting: 0, delayed: 0, active: 0, failed: 0 },
        oldestSeconds: undefined,
      });
    } finally {
      await transactions.close();
      await audit.close();
      connection.disconnect();
    }
  });
});
