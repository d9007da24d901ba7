/**
 * Applies the ledger's migrations at start-up. All of it happens in one transaction that first
 * takes a transaction-scoped advisory lock, so when several signaling processes start together one
 * migrates and the others wait, then find nothing left to do. Postgres DDL is transactional: a
 * failed migration leaves the schema as it was.
 */
import type { LedgerDatabase, SqlClient } from './database.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Arbitrary but fixed: the advisory lock key every Etäpiste process agrees on. */
const MIGRATION_LOCK_KEY = 7_046_311_001;

export interface MigrationResult {
  applied: number[];
  current: number;
}

export async function migrate(db: LedgerDatabase, listed: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const migrations = inVersionOrder(listed);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = new Set(await appliedVersions(tx));
    const newest = Math.max(0, ...done);
    const known = migrations.at(-1)?.version ?? 0;
    if (newest > known) {
      // A newer release migrated this database; running older code against it could corrupt it.
      throw new Error(`ledger schema is at version ${newest}, this release knows up to ${known}`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied, current: Math.max(newest, ...applied) };
  });
}

async function appliedVersions(client: SqlClient): Promise<number[]> {
  const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

/**
 * The migrations by version. Versions are unique; the list may name them in another order, and a
 * number may be missing while another change that holds it is written (each migration stands on
 * the released ones, not on a neighbour that is not released yet), so a version below one already
 * applied is still applied when it arrives.
 */
function inVersionOrder(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`migration ${m.name} has version ${m.version}`);
    if (i > 0 && sorted[i - 1]?.version === m.version) throw new Error(`two migrations have version ${m.version}`);
  });
  return sorted;
}
