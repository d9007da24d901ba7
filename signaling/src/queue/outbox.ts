/**
 * Hands what the queue records for the ledger to BullMQ queues, where the ledger consumes it. Each
 * kind of record is a channel (outbox-channels.ts): transactions (one per wrapped-up session) and
 * demand events (cancelled, abandoned, denied requests).
 *
 * The pattern is the same for every channel: the queue's script (or MULTI) marks the record pending
 * in Redis in the same atomic step as the change it records; this relay adds a job with the
 * record's id as job id (BullMQ keeps one job per id) and only then clears the mark. A crash
 * between the two leaves the mark, and the next flush, in this or any other process, adds it
 * again — deduplicated by the job id, and by the ledger's idempotent INSERT after that. No loss,
 * no duplicate.
 */
import { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { failpoint } from '../failpoints/failpoints.js';
import { connectRedis } from '../redis/connection.js';

/**
 * Handed-over jobs are kept a while so that a re-add after a crash is deduplicated by BullMQ too
 * (the ledger's idempotent insert is the real guard), but never without bound: Redis memory must
 * stay flat however long the service runs.
 */
const KEEP_SECONDS = 60 * 60;
const KEEP_COUNT = 1000;
const BATCH = 100;

export interface OutboxChannel<T extends object = object> {
  /** The BullMQ queue (and job name) the records go to. */
  readonly queue: string;
  /** Up to `count` ids still pending; empty when there are none. */
  pending(count: number): Promise<string[]>;
  /** The record to hand over, or undefined when it cannot be one (logged by the channel, then cleared). */
  read(id: string): Promise<T | undefined>;
  /** Clears the mark once the job is added. */
  clear(id: string): Promise<void>;
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

  async #flush(channel: OutboxChannel): Promise<number> {
    const queue = this.queues.get(channel.queue);
    if (!queue) return 0;
    let moved = 0;
    for (;;) {
      const batch = await channel.pending(BATCH);
      if (batch.length === 0) return moved;
      for (const id of batch) {
        const record = await channel.read(id);
        if (record) {
          failpoint('outbox:before-relay');
          await queue.add(channel.queue, record, {
            jobId: id,
            removeOnComplete: { age: KEEP_SECONDS, count: KEEP_COUNT },
            removeOnFail: false,
          });
          failpoint('outbox:after-relay');
          this.log.info({ queue: channel.queue, id, ...channel.describe(record) }, 'handed to the ledger');
        }
        await channel.clear(id);
        moved++;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing?.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.#connection.disconnect();
  }
}
