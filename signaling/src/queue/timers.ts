/**
 * The queue's timers as BullMQ delayed jobs, so they survive a signaling process being killed:
 * any process's worker runs them when due, and a job that was running in a killed process is
 * picked up again as stalled. Every timer's action is idempotent (it re-checks the state in its
 * script), so an at-least-once delivery never acts twice.
 */
import { Queue, Worker } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

export type TimerJob =
  | { kind: 'offer-timeout'; offerId: string }
  | { kind: 'wrap-up-timeout'; sessionId: string }
  | { kind: 'point-grace'; pointId: string }
  | { kind: 'expert-grace'; expertId: string };

/** What a timer does when due; returns a delay to try again later, or undefined when done. */
export type TimerHandler = (job: TimerJob) => Promise<number | undefined>;

export class QueueTimers {
  readonly #queue: Queue<TimerJob>;
  readonly #worker: Worker<TimerJob>;
  readonly #connections: Redis[] = [];

  constructor(redisUrl: string, prefix: string, handler: TimerHandler, log: FastifyBaseLogger) {
    const connection = () => {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: 'signaling-timers' });
      this.#connections.push(redis);
      return redis;
    };
    this.#queue = new Queue<TimerJob>('timers', { connection: connection(), prefix });
    this.#worker = new Worker<TimerJob>(
      'timers',
      async (job) => {
        const retryIn = await handler(job.data);
        if (retryIn !== undefined) await this.#schedule(job.data, retryIn, `${job.id}.r${Date.now()}`);
      },
      {
        connection: connection(),
        prefix,
        concurrency: 50,
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    );
    this.#worker.on('failed', (job, error) => log.error({ err: error, timer: job?.data.kind }, 'timer failed'));
    this.#worker.on('error', (error) => log.error({ err: error }, 'timer worker error'));
  }

  offerTimeout(offerId: string, delayMs: number): Promise<void> {
    return this.#schedule({ kind: 'offer-timeout', offerId }, delayMs, `offer.${offerId}`);
  }

  wrapUpTimeout(sessionId: string, delayMs: number): Promise<void> {
    return this.#schedule({ kind: 'wrap-up-timeout', sessionId }, delayMs, `wrap.${sessionId}`);
  }

  /** A new grace period per disconnect: the one that fires last decides with the latest facts. */
  pointGrace(pointId: string, delayMs: number): Promise<void> {
    return this.#schedule({ kind: 'point-grace', pointId }, delayMs, `point.${pointId}.${Date.now()}`);
  }

  expertGrace(expertId: string, delayMs: number): Promise<void> {
    return this.#schedule({ kind: 'expert-grace', expertId }, delayMs, `expert.${expertId}.${Date.now()}`);
  }

  async #schedule(job: TimerJob, delayMs: number, jobId: string): Promise<void> {
    await this.#queue.add(job.kind, job, {
      delay: Math.max(0, Math.round(delayMs)),
      jobId,
      attempts: 5,
      backoff: { type: 'exponential', delay: 200 },
    });
  }

  async close(): Promise<void> {
    await this.#worker.close();
    await this.#queue.close();
    for (const redis of this.#connections) redis.disconnect();
  }
}
