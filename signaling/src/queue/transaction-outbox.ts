/**
 * Hands each recorded transaction to the BullMQ `transactions` queue, where the ledger consumes it.
 * The wrap-up script marks the session in a pending set in the same atomic step that records the
 * outcome; this relay adds the job with the session id as job id (BullMQ keeps one job per id)
 * and only then clears the mark. A crash between the two leaves the mark, and the next flush, in
 * this or any other process, adds it again — deduplicated by the job id. No loss, no duplicate.
 */
import { Transaction, type Transaction as TransactionRecord } from '@etapiste/protocol';
import { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { QueueKeys } from './keys.js';
import { sessionWireFields } from './session-record.js';

const KEEP_SECONDS = 30 * 24 * 60 * 60;

export class TransactionOutbox {
  readonly queue: Queue<TransactionRecord>;
  readonly #connection: Redis;
  readonly #timer: ReturnType<typeof setInterval>;
  #flushing: Promise<number> | undefined;

  constructor(
    redisUrl: string,
    private readonly redis: Redis,
    private readonly keys: QueueKeys,
    private readonly log: FastifyBaseLogger,
    intervalMs = 2000,
  ) {
    this.#connection = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'signaling-transactions' });
    this.queue = new Queue<TransactionRecord>('transactions', {
      connection: this.#connection,
      prefix: keys.bullPrefix(),
    });
    this.#timer = setInterval(
      () => void this.flush().catch((error: unknown) => log.warn({ err: error }, 'flush failed')),
      intervalMs,
    );
    this.#timer.unref();
  }

  /** Moves every pending transaction to the queue; returns how many were handed over. */
  flush(): Promise<number> {
    this.#flushing ??= this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flush(): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.redis.srandmember(this.keys.pendingTransactions(), 100);
      if (batch.length === 0) return moved;
      for (const sessionId of batch) {
        const record = await this.#record(sessionId);
        if (record) {
          await this.queue.add('transaction', record, {
            jobId: sessionId,
            removeOnComplete: { age: KEEP_SECONDS },
            removeOnFail: false,
          });
          this.log.info({ sessionId, agency: record.agency, pointId: record.pointId }, 'transaction recorded');
        }
        await this.redis.srem(this.keys.pendingTransactions(), sessionId);
        moved++;
      }
    }
  }

  async #record(sessionId: string): Promise<TransactionRecord | undefined> {
    const f = await this.redis.hgetall(this.keys.session(sessionId));
    const parsed = Transaction.safeParse({
      ...sessionWireFields(sessionId, f),
      outcome: f.outcome,
      ...(f.topic ? { topic: f.topic } : {}),
    });
    if (!parsed.success) {
      this.log.error({ sessionId, issues: parsed.error.issues.length }, 'session cannot be a transaction');
      return undefined;
    }
    return parsed.data;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing?.catch(() => undefined);
    await this.queue.close();
    this.#connection.disconnect();
  }
}
