/**
 * Consumes the BullMQ `transactions` and `demand` queues (filled by the queue's outbox) and the
 * `feedback` queue (filled by `feedback:submit`) into the ledger, and the `audit` queue (filled by
 * audit/audit-trail.ts) onto the audit chain.
 *
 * The outbox hands over a batch of records per job (queue/outbox.ts); a batch of transactions or
 * demand events is written in one statement (feedback and audit events one after another), each
 * write idempotent. Delivery is at least once: a job whose process died after the INSERT but before the
 * acknowledgement comes back as stalled and runs again; the idempotent INSERT makes that a no-op.
 * A job whose payload does not parse is failed for good (it is kept, never retried: it would fail
 * the same way). When the database is unreachable, the job is moved back to `delayed` and tried
 * again later without spending an attempt: the outbox adds its jobs with a single attempt, and a
 * database outage must not turn transactions into failed jobs that someone has to retry by hand.
 */
import { AuditEvent, DemandEvent, FeedbackRecord, Transaction } from '@etapiste/protocol';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { AUDIT_QUEUE } from '../audit/audit-trail.js';
import type { LedgerBatch } from '../queue/outbox.js';
import { DEMAND_QUEUE, TRANSACTIONS_QUEUE } from '../queue/outbox-channels.js';
import { connectRedis } from '../redis/connection.js';
import { isUnreachable } from './database-retry.js';
import type { LedgerStore } from './ledger-store.js';

export { DEMAND_QUEUE, TRANSACTIONS_QUEUE };
export const FEEDBACK_QUEUE = 'feedback';

export interface LedgerWorkerOptions {
  redisUrl: string;
  /** BullMQ's key prefix, `Keys.bullPrefix()`. */
  bullPrefix: string;
  store: LedgerStore;
  log: FastifyBaseLogger;
  /** How long to wait before trying a job again when the database failed. */
  retryDelayMs?: number;
  /** BullMQ's lock and stall settings; shortened only by tests that simulate a crash. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** More records than an outbox batch can hold is no batch of ours: the job fails as malformed. */
const MAX_BATCH = 1000;

function isBatch(data: unknown): data is LedgerBatch<unknown> {
  const batch = (data as { batch?: unknown } | null)?.batch;
  return Array.isArray(batch) && batch.length <= MAX_BATCH;
}

export class LedgerWorker {
  readonly #workers: Worker[] = [];
  readonly #connections: Redis[] = [];

  constructor(private readonly options: LedgerWorkerOptions) {
    const { store } = options;
    this.#workers.push(
      // A batch's transactions (and their notes) in one statement each: one round trip for up to
      // hundreds of records rather than one per record.
      this.#worker(TRANSACTIONS_QUEUE, Transaction, async (ts, job) => {
        const written = await store.recordTransactions(ts);
        // The notes apart, so they can be deleted after their retention time (docs/security.md).
        const noted = ts.filter((t): t is Transaction & { note: string } => Boolean(t.note));
        if (noted.length > 0) await store.recordWrapUpNotes(noted);
        options.log.info({ jobId: job.id, records: ts.length, written: written.size }, 'transactions stored');
        options.log.debug({ jobId: job.id, sessionIds: [...written] }, 'transactions written');
      }),
      this.#worker(DEMAND_QUEUE, DemandEvent, async (events, job) => {
        const written = await store.recordDemandEvents(events);
        options.log.info({ jobId: job.id, records: events.length, written: written.size }, 'demand events stored');
        options.log.debug({ jobId: job.id, eventIds: [...written] }, 'demand events written');
      }),
      this.#worker(FEEDBACK_QUEUE, FeedbackRecord, async (records) => {
        for (const f of records) {
          const written = await store.recordFeedback(f);
          options.log.info(
            { sessionId: f.sessionId, written },
            written ? 'feedback stored' : 'feedback already stored',
          );
        }
      }),
      // One by one: each audit event is chained to the one before it.
      this.#worker(AUDIT_QUEUE, AuditEvent, async (events) => {
        for (const e of events) {
          const written = await store.recordAudit(e);
          options.log.debug(
            { eventId: e.eventId, action: e.action, written },
            written ? 'audit event stored' : 'audit event already stored',
          );
        }
      }),
    );
  }

  /** `write`: the job's records that parse (every one of them, idempotently). */
  #worker<S extends z.ZodType>(
    name: string,
    schema: S,
    write: (records: z.output<S>[], job: Job) => Promise<void>,
  ): Worker {
    const { options } = this;
    const connection = connectRedis(options.redisUrl, { maxRetriesPerRequest: null, connectionName: `ledger-${name}` });
    this.#connections.push(connection);
    const worker = new Worker(
      name,
      async (job: Job, token?: string) => {
        // The outbox's jobs hold a batch of records; one record alone is a job of an earlier
        // release (or of another producer), taken the same way.
        const batch = isBatch(job.data) ? job.data.batch : [job.data];
        const parsed = batch.map((record) => schema.safeParse(record));
        const records = parsed.flatMap((result) => (result.success ? [result.data as z.output<S>] : []));
        // Again from the start later: the records already written are found there (idempotent).
        const retryLater = async (error: unknown): Promise<never> => {
          options.log.warn({ err: error, queue: name, jobId: job.id }, 'ledger write failed; will retry');
          await job.moveToDelayed(Date.now() + (options.retryDelayMs ?? 5000), token);
          throw new DelayedError();
        };
        let refusedByDatabase = 0;
        try {
          if (records.length > 0) await write(records, job);
        } catch (error) {
          if (!refusedValue(error)) await retryLater(error);
          // The database refused a value of the batch (a check, an encoding): it would refuse it
          // every time, and one statement holds the whole batch, so each record is written alone
          // and only those refused stay out (logged by their position and code, never the row).
          for (const [index, record] of records.entries()) {
            try {
              await write([record], job);
            } catch (alone) {
              if (!refusedValue(alone)) await retryLater(alone);
              refusedByDatabase++;
              options.log.error(
                { queue: name, jobId: job.id, index, code: (alone as { code?: string }).code },
                'ledger record refused by the database',
              );
            }
          }
        }
        const refused = parsed.filter((result) => !result.success).length;
        if (refused > 0 || refusedByDatabase > 0) {
          // Kept as failed, never retried (it would fail the same way); the rest of its batch is written.
          const why = [
            ...(refused > 0 ? [`${refused} of ${batch.length} do not match the schema`] : []),
            ...(refusedByDatabase > 0 ? [`${refusedByDatabase} of ${batch.length} refused by the database`] : []),
          ];
          throw new UnrecoverableError(`${name} job ${job.id}: ${why.join('; ')}`);
        }
      },
      {
        connection,
        prefix: options.bullPrefix,
        concurrency: 4,
        // A job lost with a crashed process is picked up again; allow that more than once before
        // BullMQ gives up on it (the write is idempotent, repeating it is harmless).
        maxStalledCount: 10,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      },
    );
    worker.on('failed', (job, error) =>
      options.log.error({ err: error, queue: name, jobId: job?.id }, 'ledger job failed for good'),
    );
    worker.on('error', (error) => options.log.error({ err: error, queue: name }, 'ledger worker error'));
    return worker;
  }

  /** Resolves once every worker is connected and taking jobs. */
  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.waitUntilReady()));
  }

  /**
   * Finishes the jobs in hand (their rows are written and acknowledged), then disconnects.
   * `force` abandons them instead, as a crash would: they come back to another worker as stalled.
   */
  async close(force = false): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.close(force)));
    for (const connection of this.#connections) connection.disconnect();
  }
}

/**
 * A value the database refuses whatever the moment (SQLSTATE class 22, data exception, or 23, a
 * constraint): written again it fails again. Anything else (unreachable, a timeout) is tried later.
 */
function refusedValue(error: unknown): boolean {
  if (isUnreachable(error)) return false;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
