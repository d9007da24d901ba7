/**
 * Assembles the ledger: opens the database (PostgreSQL or PGlite), migrates it, and starts the
 * workers that fill it (transactions, demand events, feedback) and the daily retention job that
 * deletes or anonymises what is past its time (retention/). `close()` stops taking jobs, lets
 * those in hand finish, then closes the database. The reports read the database `db`; they are
 * built beside the ledger (app.ts), which knows nothing of them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Keys } from '../redis/keys.js';
import { RetentionJob } from '../retention/retention-job.js';
import { type RetentionPolicy, type RetentionResult, runRetention } from '../retention/retention-sweep.js';
import { type LedgerDatabase, openDatabase } from './database.js';
import { LedgerStore } from './ledger-store.js';
import { LedgerWorker } from './ledger-worker.js';
import { migrate } from './migrator.js';

export interface LedgerOptions {
  /**
   * The database already opened and migrated (app.ts opens it for the directory too); the ledger
   * then uses it and leaves closing it to its opener. Without it the ledger opens its own.
   */
  db?: LedgerDatabase;
  databaseUrl?: string | undefined;
  dataDir: string;
  redisUrl: string;
  keys: Keys;
  log: FastifyBaseLogger;
  /** Wrap-up notes are deleted this many days after their session ended (default 90). */
  noteRetentionDays?: number;
  /** Customers' comments are removed this many days after their session ended (default 365). */
  feedbackCommentRetentionDays?: number;
  /** Audit rows are deleted (behind an anchor) this many days after they were recorded (default 730). */
  auditRetentionDays?: number;
  /** When the daily retention run starts: a cron pattern in `timeZone` (default 03:30). */
  retentionSchedule?: string;
  timeZone?: string;
}

export class LedgerRuntime {
  #retention: RetentionJob | undefined;

  private constructor(
    readonly db: LedgerDatabase,
    readonly store: LedgerStore,
    readonly worker: LedgerWorker,
    private readonly ownsDb: boolean,
    private readonly policy: RetentionPolicy,
  ) {}

  /** The retention rules with this ledger's policy, as the daily job runs them. */
  runRetention(now?: Date): Promise<RetentionResult> {
    return runRetention(this.db, this.policy, now);
  }

  static async start(options: LedgerOptions): Promise<LedgerRuntime> {
    const { log } = options;
    const ownsDb = options.db === undefined;
    const db = options.db ?? (await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir }));
    try {
      const { applied, current } = await migrate(db);
      log.info({ database: db.kind, schemaVersion: current, applied }, 'ledger ready');
      const store = new LedgerStore(db);
      const worker = new LedgerWorker({
        redisUrl: options.redisUrl,
        bullPrefix: options.keys.bullPrefix(),
        store,
        log,
      });
      const runtime = new LedgerRuntime(db, store, worker, ownsDb, {
        wrapUpNoteDays: options.noteRetentionDays ?? 90,
        feedbackCommentDays: options.feedbackCommentRetentionDays ?? 365,
        auditDays: options.auditRetentionDays ?? 730,
      });
      runtime.#retention = await RetentionJob.start({
        redisUrl: options.redisUrl,
        bullPrefix: options.keys.bullPrefix(),
        schedule: options.retentionSchedule ?? '30 3 * * *',
        timeZone: options.timeZone ?? 'Europe/Helsinki',
        run: () => runtime.runRetention(),
        log,
      });
      return runtime;
    } catch (error) {
      if (ownsDb) await db.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#retention?.close();
    await this.worker.close();
    if (this.ownsDb) await this.db.close();
  }
}
