/**
 * One run of the retention rules (docs/security.md, "Data inventory"): what is past its time is
 * deleted or made anonymous, each rule in its own statement or transaction, so one that fails
 * leaves the others done and is tried again on the next run. Every rule is idempotent: a second
 * run on the same day finds nothing more.
 *
 * - wrap-up notes: deleted `wrapUpNoteDays` after their session ended;
 * - customers' feedback comments: the text removed `feedbackCommentDays` after the session ended
 *   (the rating and the row stay for the statistics, marked as a comment removed by retention);
 * - audit rows: a prefix of the chain older than `auditDays` deleted behind an anchor
 *   (audit-pruning.ts), so the verification still holds.
 *
 * A rule that removed free text records it in the audit trail (`privacy.retention`: which rule, how
 * many, the period) in the same transaction as the removal, so what went and why can be shown
 * later, as for an erasure on request; a run that removed nothing records nothing. The text itself
 * and the sessions it belonged to are not named: the count and the rule are the record.
 */
import { randomUUID } from 'node:crypto';
import { appendAuditIn } from '../ledger/audit-chain.js';
import type { LedgerDatabase, SqlClient } from '../ledger/database.js';
import { pruneAudit } from './audit-pruning.js';

export interface RetentionPolicy {
  wrapUpNoteDays: number;
  feedbackCommentDays: number;
  auditDays: number;
}

export interface RetentionResult {
  wrapUpNotes: number;
  feedbackComments: number;
  auditRows: number;
}

export async function runRetention(
  db: LedgerDatabase,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionResult> {
  const failures: unknown[] = [];
  const attempt = async (rule: () => Promise<number>) => {
    try {
      return await rule();
    } catch (error) {
      failures.push(error);
      return 0;
    }
  };
  const result: RetentionResult = {
    wrapUpNotes: await attempt(() => deleteExpiredNotes(db, policy.wrapUpNoteDays, now)),
    feedbackComments: await attempt(() => removeExpiredComments(db, policy.feedbackCommentDays, now)),
    auditRows: await attempt(async () => (await pruneAudit(db, policy.auditDays, now)).deleted),
  };
  if (failures.length > 0) throw new AggregateError(failures, `retention: ${failures.length} rule(s) failed`);
  return result;
}

async function deleteExpiredNotes(db: LedgerDatabase, days: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `DELETE FROM wrap_up_notes WHERE ended_at < $2::timestamptz - make_interval(days => $1::int) RETURNING session_id`,
      [days, now.toISOString()],
    );
    await recordRemoval(tx, 'wrap-up-notes', rows.length, days, now);
    return rows.length;
  });
}

async function removeExpiredComments(db: LedgerDatabase, days: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE feedback SET comment = NULL, comment_removed_at = $2, comment_removed_why = 'retention'
        WHERE comment IS NOT NULL AND ended_at < $2::timestamptz - make_interval(days => $1::int)
        RETURNING session_id`,
      [days, now.toISOString()],
    );
    await recordRemoval(tx, 'feedback-comments', rows.length, days, now);
    return rows.length;
  });
}

async function recordRemoval(
  tx: SqlClient,
  rule: 'wrap-up-notes' | 'feedback-comments',
  removed: number,
  retentionDays: number,
  now: Date,
): Promise<void> {
  if (removed === 0) return;
  await appendAuditIn(tx, {
    eventId: randomUUID(),
    at: now.toISOString(),
    action: 'privacy.retention',
    actor: { id: 'retention' },
    target: `retention:${rule}`,
    details: {
      removed,
      retentionDays,
      endedBefore: new Date(now.getTime() - retentionDays * 86_400_000).toISOString(),
    },
  });
}
