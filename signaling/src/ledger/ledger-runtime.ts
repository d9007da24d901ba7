/**
 * Assembles the ledger: opens the database (PostgreSQL or PGlite), migrates it, and starts the
 * workers that fill it and the copier of the queue's daily counters. `close()` stops taking jobs,
 * lets those in hand finish, then closes the database.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { QueueKeys } from '../queue/keys.js';
import { ServiceClock } from '../queue/service-clock.js';
import { ReportStore } from '../reports/report-store.js';
import { type LedgerDatabase, openDatabase } from './database.js';
import { DemandCopier } from './demand-copier.js';
import { LedgerStore } from './ledger-store.js';
import { LedgerWorker } from './ledger-worker.js';
import { migrate } from './migrator.js';

export interface LedgerOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  redis: Redis;
  redisUrl: string;
  keys: QueueKeys;
  directory: Directory;
  timeZone: string;
  demandCopyIntervalMs: number;
  maxReportRows: number;
  log: FastifyBaseLogger;
}

export class LedgerRuntime {
  private constructor(
    readonly db: LedgerDatabase,
    readonly store: LedgerStore,
    readonly reports: ReportStore,
    readonly worker: LedgerWorker,
    readonly demand: DemandCopier,
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
      const demand = new DemandCopier(
        options.redis,
        options.keys,
        options.directory,
        new ServiceClock(options.timeZone),
        store,
        log,
        options.demandCopyIntervalMs,
      );
      void demand.copyAll();
      return new LedgerRuntime(db, store, new ReportStore(db, options.timeZone, options.maxReportRows), worker, demand);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.demand.close();
    await this.db.close();
  }
}
