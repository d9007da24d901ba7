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
    return (await this.recordTransactions([t])).has(t.sessionId);
  }

  /**
   * Several transactions in one statement per ROWS_PER_STATEMENT (an outbox batch: one round trip
   * instead of one per record, which kept the database's client busy at hundreds of transactions
   * a second). Answers the sessions this call wrote; the others were there already (or twice in
   * the list: the first is kept).
   */
  async recordTransactions(ts: readonly Transaction[]): Promise<Set<string>> {
    return this.#insertMany(
      `INSERT INTO transactions (session_id, ticket_id, visit_id, point_id, expert_id, agency, language,
         topic, outcome, transferred_from, queued_at, offered_at, answered_at, ended_at, advisor_id, identity_check,
         interpreter_id, interpreter_language, interpreter_minutes)
       VALUES %ROWS%
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id AS id`,
      ts.map((t) => [
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
      ]),
    );
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
    return (await this.recordWrapUpNotes([t])).has(t.sessionId);
  }

  /** Several sessions' wrap-up notes in one statement (see recordTransactions); answers those written. */
  async recordWrapUpNotes(ts: readonly (Transaction & { note: string })[]): Promise<Set<string>> {
    return this.#insertMany(
      `INSERT INTO wrap_up_notes (session_id, expert_id, agency, note, ended_at)
       VALUES %ROWS%
       ON CONFLICT (session_id) DO NOTHING
       RETURNING session_id AS id`,
      // PostgreSQL's text holds no NUL character (a note is free text from the console).
      ts.map((t) => [t.sessionId, t.expertId, t.agency, t.note.replaceAll('\u0000', ''), t.endedAt]),
    );
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
    return (await this.recordDemandEvents([e])).has(e.eventId);
  }

  /** Several demand events in one statement (see recordTransactions); answers the events written. */
  async recordDemandEvents(events: readonly DemandEvent[]): Promise<Set<string>> {
    return this.#insertMany(
      `INSERT INTO demand_events (event_id, kind, point_id, visit_id, ticket_id, agency, language, reason,
         waited_ms, at)
       VALUES %ROWS%
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id AS id`,
      events.map((e) => [
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
      ]),
    );
  }

  /** True when this call appended the event to the audit chain; false when it was there already. */
  recordAudit(e: AuditEvent): Promise<boolean> {
    return appendAudit(this.db, e);
  }

  /**
   * One multi-row INSERT per ROWS_PER_STATEMENT rows (`%ROWS%` in `sql` becomes their placeholders):
   * each statement is atomic and idempotent by its ON CONFLICT, so a crash between two of them
   * leaves rows that the redelivery finds. Answers the ids the statements returned (`AS id`).
   */
  async #insertMany(sql: string, rows: readonly (readonly unknown[])[]): Promise<Set<string>> {
    const written = new Set<string>();
    for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
      const width = chunk[0]?.length ?? 0;
      const placeholders = chunk
        .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`)
        .join(', ');
      const returned = await this.db.query<{ id: string }>(sql.replace('%ROWS%', placeholders), chunk.flat());
      for (const { id } of returned) written.add(id);
    }
    return written;
  }
}

/** Rows per INSERT: well under PostgreSQL's 65 535 parameters for the widest table (19 columns). */
const ROWS_PER_STATEMENT = 500;
