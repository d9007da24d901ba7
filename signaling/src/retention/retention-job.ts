/**
 * The daily retention run as a BullMQ job scheduler (`retention` queue): every process that runs
 * the ledger upserts the same scheduler and runs a worker, and BullMQ makes one job per occurrence,
 * so the rules run once a day (RETENTION_SCHEDULE, a cron pattern in the service's time zone)
 * whichever processes are up. A start also adds one run for the day (job id by date: several
 * processes starting the same day add it once), so a service that was down at the scheduled hour
 * catches up when it comes back. The rules are idempotent (retention-sweep.ts): a repeated job
 * changes nothing.
 */

import { type Job, Queue, Worker } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { connectRedis, logRedisErrors } from '../redis/connection.js';
import type { RetentionResult } from './retention-sweep.js';

export const RETENTION_QUEUE = 'retention';
const SCHEDULER_ID = 'daily-retention';
/** Finished runs are kept a month in Redis, to see when retention last ran and what it did. */
const KEEP_SECONDS = 30 * 24 * 60 * 60;

export interface RetentionJobOptions {
  redisUrl: string;
  bullPrefix: string;
  /** Cron pattern, e.g. `30 3 * * *` (03:30 every day). */
  schedule: string;
  timeZone: string;
  run: () => Promise<RetentionResult>;
  log: FastifyBaseLogger;
}

export class RetentionJob {
  readonly queue: Queue;
  readonly #worker: Worker;
  readonly #connections: Redis[];

  private constructor(options: RetentionJobOptions) {
    const queueConnection = connectRedis(options.redisUrl, { maxRetriesPerRequest: null, connectionName: 'retention' });
    const workerConnection = connectRedis(options.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: 'retention-worker',
    });
    this.#connections = [queueConnection, workerConnection];
    this.queue = new Queue(RETENTION_QUEUE, { connection: queueConnection, prefix: options.bullPrefix });
    logRedisErrors(this.queue, options.log, 'retention');
    this.#worker = new Worker(
      RETENTION_QUEUE,
      async (job: Job) => {
        const result = await options.run();
        options.log.info({ jobId: job.id, ...result }, 'retention run done');
        return result;
      },
      { connection: workerConnection, prefix: options.bullPrefix, concurrency: 1 },
    );
    this.#worker.on('failed', (job, error) =>
      options.log.error({ err: error, jobId: job?.id }, 'retention run failed; the next run tries again'),
    );
    this.#worker.on('error', (error) => options.log.error({ err: error }, 'retention worker error'));
  }

  static async start(options: RetentionJobOptions, now = new Date()): Promise<RetentionJob> {
    const job = new RetentionJob(options);
    const opts = { removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } };
    await job.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: options.schedule, tz: options.timeZone },
      { name: 'retention', opts },
    );
    await job.queue.add('retention', {}, { ...opts, jobId: `at-start-${now.toISOString().slice(0, 10)}` });
    return job;
  }

  async close(): Promise<void> {
    await this.#worker.close();
    await this.queue.close();
    for (const connection of this.#connections) connection.disconnect();
  }
}
