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
 */
import type { LedgerDatabase } from '../ledger/database.js';
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
  const rows = await db.query(
    `DELETE FROM wrap_up_notes WHERE ended_at < $2::timestamptz - make_interval(days => $1::int) RETURNING session_id`,
    [days, now.toISOString()],
  );
  return rows.length;
}

async function removeExpiredComments(db: LedgerDatabase, days: number, now: Date): Promise<number> {
  const rows = await db.query(
    `UPDATE feedback SET comment = NULL, comment_removed_at = $2, comment_removed_why = 'retention'
      WHERE comment IS NOT NULL AND ended_at < $2::timestamptz - make_interval(days => $1::int)
      RETURNING session_id`,
    [days, now.toISOString()],
  );
  return rows.length;
}
