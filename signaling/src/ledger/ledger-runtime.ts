/**
 * Assembles the ledger: opens the database (PostgreSQL or PGlite), migrates it, and starts the
 * workers that fill it (transactions, demand events, feedback). `close()` stops taking jobs,
 * lets those in hand finish, then closes the database. The reports read the database `db`; they
 * are built beside the ledger (app.ts), which knows nothing of them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Keys } from '../redis/keys.js';
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
}

/** How often expired wrap-up notes are looked for. */
const NOTE_SWEEP_MS = 60 * 60 * 1000;

export class LedgerRuntime {
  #noteSweep: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly db: LedgerDatabase,
    readonly store: LedgerStore,
    readonly worker: LedgerWorker,
    private readonly ownsDb: boolean,
  ) {}

  /**
   * Deletes wrap-up notes past their retention time, now and every hour (any process may: the
   * delete is one statement).
   */
  #sweepNotes(days: number, log: FastifyBaseLogger): void {
    const sweep = () =>
      this.store.deleteExpiredWrapUpNotes(days).then(
        (deleted) => deleted > 0 && log.info({ deleted, days }, 'expired wrap-up notes deleted'),
        (error: unknown) => log.warn({ err: error }, 'wrap-up note sweep failed'),
      );
    void sweep();
    this.#noteSweep = setInterval(sweep, NOTE_SWEEP_MS);
    this.#noteSweep.unref();
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
      const runtime = new LedgerRuntime(db, store, worker, ownsDb);
      runtime.#sweepNotes(options.noteRetentionDays ?? 90, log);
      return runtime;
    } catch (error) {
      if (ownsDb) await db.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#noteSweep);
    await this.worker.close();
    if (this.ownsDb) await this.db.close();
  }
}
