/**
 * Writes to the ledger. Every write is idempotent by its natural key, because BullMQ delivers a
 * job at least once: a job redelivered after a crash between the INSERT and the acknowledgement
 * finds its row and changes nothing. `INSERT … ON CONFLICT DO NOTHING` is one statement, so two
 * deliveries running at once still leave exactly one row.
 */
import type { FeedbackRecord, Transaction } from '@etapiste/protocol';
import type { SqlClient } from './database.js';

/** One day of the queue's counters for one agency × language. */
export interface DailyDemand {
  day: string;
  agency: string;
  language: string;
  answered: number;
  inTarget: number;
  waitSumMs: number;
  abandoned: number;
  cancelled: number;
  denied: number;
  handled: number;
  handleSumMs: number;
}

export class LedgerStore {
  constructor(private readonly db: SqlClient) {}

  /** True when this call wrote the row, false when it was there already. */
  async recordTransaction(t: Transaction): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO transactions (session_id, ticket_id, visit_id, point_id, expert_id, agency, language,
         topic, outcome, transferred_from, queued_at, offered_at, answered_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id`,
      [
        t.sessionId,
        t.ticketId,
        t.visitId,
        t.pointId,
        t.expertId,
        t.agency,
        t.language,
        t.topic ?? null,
        t.outcome,
        t.transferredFrom ?? null,
        t.queuedAt,
        t.offeredAt,
        t.answeredAt,
        t.endedAt,
      ],
    );
    return rows.length === 1;
  }

  /** True when this call wrote the row; the first feedback for a session is the one kept. */
  async recordFeedback(f: FeedbackRecord): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO feedback (session_id, visit_id, point_id, expert_id, agency, language, ended_at,
         rating, comment, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id`,
      [
        f.sessionId,
        f.visitId,
        f.pointId,
        f.expertId,
        f.agency,
        f.language,
        f.endedAt,
        f.rating ?? null,
        f.comment ?? null,
        f.submittedAt,
      ],
    );
    return rows.length === 1;
  }

  /**
   * Copies one day's counters. They only ever grow within a day, so GREATEST keeps the newest
   * whichever copy lands last: two processes copying at once cannot lower a figure.
   */
  async recordDailyDemand(d: DailyDemand): Promise<void> {
    await this.db.query(
      `INSERT INTO daily_demand (day, agency, language, answered, in_target, wait_sum_ms, abandoned,
         cancelled, denied, handled, handle_sum_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (day, agency, language) DO UPDATE SET
         answered      = GREATEST(daily_demand.answered, excluded.answered),
         in_target     = GREATEST(daily_demand.in_target, excluded.in_target),
         wait_sum_ms   = GREATEST(daily_demand.wait_sum_ms, excluded.wait_sum_ms),
         abandoned     = GREATEST(daily_demand.abandoned, excluded.abandoned),
         cancelled     = GREATEST(daily_demand.cancelled, excluded.cancelled),
         denied        = GREATEST(daily_demand.denied, excluded.denied),
         handled       = GREATEST(daily_demand.handled, excluded.handled),
         handle_sum_ms = GREATEST(daily_demand.handle_sum_ms, excluded.handle_sum_ms),
         updated_at    = now()`,
      [
        d.day,
        d.agency,
        d.language,
        d.answered,
        d.inTarget,
        d.waitSumMs,
        d.abandoned,
        d.cancelled,
        d.denied,
        d.handled,
        d.handleSumMs,
      ],
    );
  }
}
