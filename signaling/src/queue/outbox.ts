/**
 * Hands what the queue records for the ledger to BullMQ queues, where the ledger consumes it. Each
 * kind of record is a channel (outbox-channels.ts): transactions (one per wrapped-up session) and
 * demand events (cancelled, abandoned, denied requests).
 *
 * The pattern is the same for every channel: the queue's script (or MULTI) marks the record pending
 * in Redis in the same atomic step as the change it records; this relay adds the pending records
 * of a flush as one job (up to {@link BATCH} records, its id made from theirs: BullMQ keeps one job
 * per id) and only then clears their marks. A crash between the two leaves the marks, and the next
 * flush, in this or any other process, adds them again — deduplicated by the job id, and by the
 * ledger's idempotent INSERT after that. No loss, no duplicate.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { failpoint } from '../failpoints/failpoints.js';
import { connectRedis, logRedisErrors } from '../redis/connection.js';

/**
 * Handed-over jobs are kept a while so that a re-add after a crash is deduplicated by BullMQ too
 * (the ledger's idempotent insert is the real guard), but never without bound: Redis memory must
 * stay flat however long the service runs.
 */
const KEEP_SECONDS = 60 * 60;
const KEEP_COUNT = 1000;
/**
 * A job that failed for good (a record the schema or the database refuses) is kept for an operator
 * to look at, a week at most: it holds its whole batch, wrap-up notes included, which must not stay
 * in Redis without end.
 */
const FAILED_KEEP_SECONDS = 7 * 24 * 60 * 60;
const BATCH = 100;
/**
 * How long a relay's hold on a channel lasts if it is not given back (its process died): the
 * records it left are handed over by the next flush after that, in any process.
 */
const LEASE_MS = 10_000;
/** Gives the hold back only if it is still this flush's (it may have expired and been taken). */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
/** Extends the hold only if it is still this flush's. */
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";

/**
 * A job of the outbox: the records of one flush (up to {@link BATCH}), written by the ledger in
 * one go (ledger/ledger-worker.ts, which also takes a job holding one record, as earlier releases
 * and other producers add them).
 */
export interface LedgerBatch<T = object> {
  batch: T[];
}

/**
 * The same records make the same job id, so a batch added again after a crash between the add
 * and the clearing is deduplicated by BullMQ; a batch made up differently the second time is
 * deduplicated by the ledger's idempotent INSERT of each record.
 */
export function batchJobId(queue: string, ids: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('base64url')
    .slice(0, 24);
  return `${queue}-${digest}`;
}

/** A record marked pending, by its mark's id. */
export interface PendingRecord<T extends object = object> {
  id: string;
  record: T | undefined;
}

export interface OutboxChannel<T extends object = object> {
  /** The BullMQ queue (and job name) the records go to. */
  readonly queue: string;
  /** The key a process holds while it relays this channel (keys.ts, `outboxRelay`). */
  readonly lease: string;
  /**
   * Up to `count` records still pending, read with their marks (no read per record); empty when
   * there are none. A record that cannot be one comes back undefined (logged by the channel), and is
   * cleared with the rest.
   */
  pending(count: number): Promise<PendingRecord<T>[]>;
  /** Clears the marks once their jobs are added (one command for the batch). */
  clear(ids: string[]): Promise<void>;
  /** What the log line says about a handed-over record (no personal data). */
  describe(record: T): Record<string, unknown>;
}

export class Outbox {
  readonly queues: ReadonlyMap<string, Queue>;
  readonly #connection: Redis;
  readonly #timer: ReturnType<typeof setInterval>;
  #flushing: Promise<number> | undefined;

  constructor(
    redisUrl: string,
    bullPrefix: string,
    private readonly channels: readonly OutboxChannel[],
    private readonly log: FastifyBaseLogger,
    intervalMs = 2000,
  ) {
    this.#connection = connectRedis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'signaling-outbox' });
    this.queues = new Map(
      channels.map((c) => [c.queue, new Queue(c.queue, { connection: this.#connection, prefix: bullPrefix })]),
    );
    for (const [name, queue] of this.queues) logRedisErrors(queue, log, `outbox ${name}`);
    this.#timer = setInterval(
      () => void this.flush().catch((error: unknown) => log.warn({ err: error }, 'outbox flush failed')),
      intervalMs,
    );
    this.#timer.unref();
  }

  /** Moves every pending record of every channel to its queue; returns how many were handed over. */
  flush(): Promise<number> {
    this.#flushing ??= this.#flushAll().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flushAll(): Promise<number> {
    let moved = 0;
    for (const channel of this.channels) moved += await this.#flush(channel);
    return moved;
  }

  /**
   * A batch at a time: its records are read with their marks (one scan), handed over as
   * one job and cleared with one command. One record after another took three round trips and a
   * job each; under load (hundreds of transactions a second, every round trip queued behind the
   * queue's own commands) the relay fell behind for good, the ledger lagged by minutes, and each
   * record cost about 60 Redis commands in BullMQ's bookkeeping (adding, taking, completing and
   * trimming its job), more than its match.
   */
  async #flush(channel: OutboxChannel): Promise<number> {
    const queue = this.queues.get(channel.queue);
    if (!queue) return 0;
    // One process relays a channel at a time: two relaying together would read the same records
    // into differently made batches (different job ids), and every record would go to the ledger
    // twice. A process that finds the channel held leaves it to the holder, whose loop runs until
    // nothing is pending; what is marked after the holder's last look waits for the next round.
    const token = randomUUID();
    if ((await this.#connection.set(channel.lease, token, 'PX', LEASE_MS, 'NX')) !== 'OK') return 0;
    try {
      return await this.#relay(channel, queue, token);
    } finally {
      await this.#connection.eval(RELEASE, 1, channel.lease, token);
    }
  }

  async #relay(channel: OutboxChannel, queue: Queue, token: string): Promise<number> {
    let moved = 0;
    for (let round = 0; ; round++) {
      const batch = await channel.pending(BATCH);
      if (batch.length === 0) return moved;
      // A backlog (after an outage) takes many batches: the hold is renewed before each one after
      // the first, and a hold lost meanwhile (this process stalled past its expiry, another took
      // it) ends this relay, so that the two do not send the same records.
      if (round > 0 && (await this.#connection.eval(RENEW, 1, channel.lease, token, LEASE_MS)) !== 1) return moved;
      const handed = batch.flatMap(({ id, record }) => (record ? [{ id, record }] : []));
      failpoint('outbox:before-relay');
      if (handed.length > 0) {
        await queue.add(channel.queue, { batch: handed.map((h) => h.record) } satisfies LedgerBatch, {
          jobId: batchJobId(
            channel.queue,
            handed.map((h) => h.id),
          ),
          removeOnComplete: { age: KEEP_SECONDS, count: KEEP_COUNT },
          removeOnFail: { age: FAILED_KEEP_SECONDS, count: KEEP_COUNT },
        });
      }
      failpoint('outbox:after-relay');
      for (const { id, record } of handed) {
        this.log.info({ queue: channel.queue, id, ...channel.describe(record) }, 'handed to the ledger');
      }
      await channel.clear(batch.map((p) => p.id));
      moved += batch.length;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing?.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.#connection.disconnect();
  }
}
