/**
 * Recomputes the audit trail's hash chain and names the first row that does not hold.
 * Usage: pnpm audit:verify   (or ./etapiste audit verify)
 * Reads DATABASE_URL, or the embedded ledger under LEDGER_DATA_DIR (then signaling must be stopped:
 * PGlite's folder has one user at a time). Prints one JSON line; exits 0 when the chain holds, 1
 * when it is broken, 2 when it could not be read.
 */
import { loadConfig } from '../config.js';
import { verifyAuditChain } from '../ledger/audit-chain.js';
import { openDatabase } from '../ledger/database.js';
import { migrate } from '../ledger/migrator.js';

const config = loadConfig(process.env);
try {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.LEDGER_DATA_DIR, poolSize: 1 });
  try {
    await migrate(db);
    const result = await verifyAuditChain(db);
    console.log(JSON.stringify(result));
    if (!result.ok && result.firstBroken) {
      console.error(
        `audit chain broken at row ${result.firstBroken.seq} (event ${result.firstBroken.eventId}): ${result.firstBroken.reason}`,
      );
    }
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`could not verify the audit trail: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
