/**
 * Fills an empty directory from a seed file (seed-directory.ts); refuses when it holds anything.
 * Usage: pnpm seed [file]   (or ./etapiste seed [file]); without a file, SEED_FILE's.
 * Reads DATABASE_URL, or the embedded ledger under LEDGER_DATA_DIR (then signaling must be stopped:
 * PGlite's folder has one user at a time). Exits 0 when it seeded the directory, 1 when the
 * directory was not empty (nothing written), 2 when the seed file is invalid or the database could
 * not be used (nothing written either).
 */
import { userInfo } from 'node:os';
import { loadConfig } from '../config.js';
import { loadSeed } from '../directory/seed.js';
import { seedEmptyDirectory } from '../directory/seed-directory.js';
import { openDatabase } from '../ledger/database.js';
import { migrate } from '../ledger/migrator.js';

const config = loadConfig(process.env);
const file = process.argv[2] ?? config.SEED_FILE;
try {
  // The file is read and checked before the database is opened: a bad seed touches nothing.
  const seed = await loadSeed(file);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.LEDGER_DATA_DIR, poolSize: 1 });
  try {
    await migrate(db);
    // No account signs in here: the audit trail names the operating-system user who ran it.
    const outcome = await seedEmptyDirectory(db, seed, { actor: { id: `seed-command:${operator()}` }, source: file });
    if (outcome.seeded) {
      const counts = Object.entries(outcome.entries).map(([kind, n]) => `${kind} ${n}`);
      console.log(`seeded the directory from ${file}: ${counts.join(', ')}`);
    } else {
      console.error(
        `the directory already holds ${outcome.existing} entries; nothing was written. The seed fills an ` +
          'empty directory only: change entries in the administration console (or /api/admin), or empty the ' +
          'database to start over from a seed.',
      );
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`could not seed the directory: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}

function operator(): string {
  try {
    return userInfo().username.slice(0, 80) || 'unknown';
  } catch {
    // No passwd entry for this uid (some containers).
    return process.env.USER?.slice(0, 80) || 'unknown';
  }
}
