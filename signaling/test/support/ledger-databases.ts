/**
 * Ledger databases for tests, one per backend: PGlite in memory, and a throwaway database on a
 * real PostgreSQL that is created for the run and dropped after. That PostgreSQL is the one
 * LEDGER_TEST_POSTGRES_URL (or DATABASE_URL) names, or else a private cluster this module starts (initdb + postgres
 * on a free port in a temporary folder, scripts/postgres-server.mjs) and stops with the database,
 * so the tests need no server already running. An unreachable PostgreSQL fails the test, loudly: a
 * ledger test that silently skips its real database proves nothing.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type RunningPostgres, startPostgres } from '../../../scripts/postgres-server.mjs';
import { type LedgerDatabase, openDatabase } from '../../src/ledger/database.js';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/**
 * The PostgreSQL the tests were pointed at (LEDGER_TEST_POSTGRES_URL, else DATABASE_URL), if any;
 * else a private one is started.
 */
export function givenPostgresUrl(): string | undefined {
  return process.env.LEDGER_TEST_POSTGRES_URL || process.env.DATABASE_URL || undefined;
}

export interface TestDatabase {
  backend: Backend;
  /** The connection string of the throwaway PostgreSQL database (undefined for PGlite). */
  url: string | undefined;
  /** A new connection (PGlite: the one in-memory instance; it cannot be shared by two). */
  open(): Promise<LedgerDatabase>;
  drop(): Promise<void>;
}

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { backend, url: undefined, open: async () => db, drop: () => db.close() };
  }
  const given = givenPostgresUrl();
  const server: RunningPostgres | undefined = given ? undefined : await startPostgres();
  const adminUrl = given ?? (server as RunningPostgres).url;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    await server?.stop();
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
        'The ledger tests need a real PostgreSQL: start it, or leave LEDGER_TEST_POSTGRES_URL unset ' +
        'to have the tests start their own (a role that may CREATE DATABASE).',
    );
  }
  const name = `etapiste_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened: LedgerDatabase[] = [];
  return {
    backend,
    url: url.toString(),
    async open() {
      const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
      opened.push(db);
      return db;
    },
    async drop() {
      for (const db of opened.splice(0)) await db.close().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await server?.stop();
    },
  };
}
