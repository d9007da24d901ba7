/**
 * Writes to the ledger. Every write is idempotent by its natural key, because BullMQ delivers a
 * job at least once: a job redelivered after a crash between the INSERT and the acknowledgement
 * finds its row and changes nothing. `INSERT … ON CONFLICT DO NOTHING` is one statement, so two
 * deliveries running at once still leave exactly one row.
 */
import type { AuditEvent, DemandEvent, FeedbackRecord, Transaction } from '@etapiste/protocol';
import { appendAudit } from './audit-chain.js';
import type { LedgerDatabase } from './database.js';

export class LedgerStore {
  constructor(private readonly db: LedgerDatabase) {}

  /** True when this call wrote the row, false when it was there already. */
  async recordTransaction(t: Transaction): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO transactions (session_id, ticket_id, visit_id, point_id, expert_id, agency, language,
         topic, outcome, transferred_from, queued_at, offered_at, answered_at, ended_at, advisor_id, identity_check,
         interpreter_id, interpreter_language, interpreter_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
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
        t.advisorId ?? null,
        t.identityCheck ?? null,
        t.interpreterId ?? null,
        t.interpreterLanguage ?? null,
        t.interpreterMinutes ?? null,
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

  /** The specialist's wrap-up note beside its transaction, once (redeliveries change nothing). */
  async recordWrapUpNote(t: Transaction & { note: string }): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO wrap_up_notes (session_id, expert_id, agency, note, ended_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id`,
      [t.sessionId, t.expertId, t.agency, t.note, t.endedAt],
    );
    return rows.length === 1;
  }

  /** Deletes the wrap-up notes of sessions that ended more than `days` ago; returns how many. */
  async deleteExpiredWrapUpNotes(days: number): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM wrap_up_notes WHERE ended_at < now() - make_interval(days => $1::int) RETURNING session_id`,
      [days],
    );
    return rows.length;
  }

  /** True when this call wrote the row; an event is stored once, whatever redelivers it. */
  async recordDemandEvent(e: DemandEvent): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO demand_events (event_id, kind, point_id, visit_id, ticket_id, agency, language, reason,
         waited_ms, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        e.eventId,
        e.kind,
        e.pointId,
        e.visitId ?? null,
        e.ticketId ?? null,
        e.agency,
        e.language,
        e.reason ?? null,
        e.waitedMs ?? null,
        e.at,
      ],
    );
    return rows.length === 1;
  }

  /** True when this call appended the event to the audit chain; false when it was there already. */
  recordAudit(e: AuditEvent): Promise<boolean> {
    return appendAudit(this.db, e);
  }
}
