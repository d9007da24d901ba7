/**
 * The ledger's database behind one small interface: PostgreSQL through node-postgres when
 * `DATABASE_URL` is set, otherwise the embedded PGlite (the same Postgres, compiled to WASM, in
 * this process). Both run the same SQL; the store and the migrations never know which it is.
 *
 * Values cross as Postgres sends them, so queries cast aggregates to `int`/`float8` (node-postgres
 * would hand `bigint` and `numeric` back as strings) and times come back as `Date`.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';
import { acquirePidLock } from './pid-lock.js';

export interface SqlClient {
  /** One statement with `$n` parameters. */
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface LedgerDatabase extends SqlClient {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection: committed when it resolves, else rolled back. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder, or `memory://` for a throwaway in-memory database. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<LedgerDatabase> {
  if (options.databaseUrl) return PostgresDatabase.open(options.databaseUrl, options.poolSize ?? 5);
  return PGliteDatabase.open(options.dataDir);
}

class PostgresDatabase implements LedgerDatabase {
  readonly kind = 'postgres' as const;

  private constructor(readonly pool: pg.Pool) {}

  static async open(connectionString: string, max: number): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString, max, application_name: 'etapiste-signaling' });
    // An idle client that errors (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool);
    await db.query('SELECT 1');
    return db;
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.pool.query<Row>(text, params as unknown[])).rows;
  }

  async exec(text: string): Promise<void> {
    await this.pool.query(text);
  }

  async transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
          (await client.query<Row>(text, params as unknown[])).rows,
        exec: async (text) => {
          await client.query(text);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class PGliteDatabase implements LedgerDatabase {
  readonly kind = 'pglite' as const;

  private constructor(
    readonly db: PGlite,
    private readonly unlock: () => void,
  ) {}

  static async open(dataDir: string): Promise<PGliteDatabase> {
    let unlock: () => void = () => undefined;
    if (!dataDir.startsWith('memory://')) {
      mkdirSync(dataDir, { recursive: true });
      unlock = acquirePidLock(`${resolve(dataDir)}.pid`, `the ledger's PGlite folder ${dataDir}`);
    }
    try {
      // Loaded only when used: a deployment on PostgreSQL never pays for the WASM module.
      const { PGlite } = await import('@electric-sql/pglite');
      return new PGliteDatabase(await PGlite.create(dataDir), unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.db.query<Row>(text, params as unknown[])).rows;
  }

  async exec(text: string): Promise<void> {
    await this.db.exec(text);
  }

  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((tx: PGliteTransaction) =>
      work({
        query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
          (await tx.query<Row>(text, params as unknown[])).rows,
        exec: async (text) => {
          await tx.exec(text);
        },
      }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
    this.unlock();
  }
}
