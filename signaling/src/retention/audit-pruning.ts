/**
 * Audit rows past their retention time, deleted without breaking the chain's proof.
 *
 * The chain (ledger/audit-chain.ts) can only lose a **prefix**: the rows from the first one up to
 * the last row recorded before the retention limit, never a row in the middle. Before deleting,
 * the job appends an **anchor** to the chain, an `audit.retention` event naming the last row it
 * deletes (`throughSeq`) and that row's hash (`throughHash`). The first row left then carries
 * `throughHash` as its previous hash, and the verification starts there, from the anchor, instead
 * of from the genesis hash. The anchor is itself a chained row, so it cannot be changed or left
 * out without the chain showing it; the database lets a row be deleted only when an anchor after
 * it covers it (migration 10). Anchor, deletion and lock are one transaction: a failed run leaves
 * the chain as it was.
 *
 * Rows are placed by seq (the order they were chained), and the prefix ends before the first row
 * that is still within retention, so a late-arriving old event behind a newer one waits for it.
 */
import { randomUUID } from 'node:crypto';
import { AUDIT_LOCK_KEY, appendAuditIn } from '../ledger/audit-chain.js';
import type { LedgerDatabase } from '../ledger/database.js';

export interface AuditPruning {
  /** Rows deleted. */
  deleted: number;
  /** The anchor: the last deleted row's seq and hash (absent when nothing was due). */
  throughSeq?: number;
  throughHash?: string;
}

export async function pruneAudit(db: LedgerDatabase, retentionDays: number, now = new Date()): Promise<AuditPruning> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction(async (tx) => {
    // No append may slip in between choosing the prefix and anchoring it.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    const [through] = await tx.query<{ seq: number; hash: string; deleted: number }>(
      `WITH kept AS (SELECT min(seq) AS seq FROM audit_events WHERE at >= $1)
       SELECT a.seq::float8 AS seq, a.hash,
              (SELECT count(*) FROM audit_events d WHERE d.seq <= a.seq)::int AS deleted
         FROM audit_events a, kept
        WHERE kept.seq IS NULL OR a.seq < kept.seq
        ORDER BY a.seq DESC LIMIT 1`,
      [before.toISOString()],
    );
    if (!through) return { deleted: 0 };
    await appendAuditIn(tx, {
      eventId: randomUUID(),
      at: now.toISOString(),
      action: 'audit.retention',
      actor: { id: 'retention' },
      details: {
        throughSeq: through.seq,
        throughHash: through.hash,
        deleted: through.deleted,
        before: before.toISOString(),
        retentionDays,
      },
    });
    const deleted = await tx.query('DELETE FROM audit_events WHERE seq <= $1 RETURNING seq', [through.seq]);
    return { deleted: deleted.length, throughSeq: through.seq, throughHash: through.hash };
  });
}
