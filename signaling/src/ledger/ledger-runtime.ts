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
  databaseUrl?: string | undefined;
  dataDir: string;
  redisUrl: string;
  keys: Keys;
  log: FastifyBaseLogger;
}

export class LedgerRuntime {
  private constructor(
    readonly db: LedgerDatabase,
    readonly store: LedgerStore,
    readonly worker: LedgerWorker,
  ) {}

  static async start(options: LedgerOptions): Promise<LedgerRuntime> {
    const { log } = options;
    const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
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
      return new LedgerRuntime(db, store, worker);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.db.close();
  }
}
