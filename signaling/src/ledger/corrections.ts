/**
 * Ledger corrections: a transaction is never changed (migration 5), so an administrator who finds
 * one that must not be billed (a test call, a misdirected or duplicate session) voids it with a
 * compensating row, and may reinstate it later with another. The billing (reports/billing-store.ts)
 * nets them in the month they were made.
 *
 * A transaction's corrections are numbered and alternate, void first (migration 9 checks it), so a
 * transaction is always billed once or not at all. The row and its audit event are written in one
 * database transaction: a correction is never in the ledger without its record, nor recorded
 * without having been made.
 */
import { randomUUID } from 'node:crypto';
import {
  type AuditActor,
  type Correction,
  type CorrectionKind,
  ProtocolError,
  type TransactionCorrections,
} from '@etapiste/protocol';
import { appendAuditIn } from './audit-chain.js';
import type { LedgerDatabase, SqlClient } from './database.js';

export interface CorrectionRequest {
  sessionId: string;
  kind: CorrectionKind;
  reason: string;
  actor: AuditActor;
  /** The administrator's address, for the audit row. */
  address?: string | undefined;
  /** When it is made (tests place corrections in a given month). */
  at?: Date;
}

interface StoredCorrection {
  correction_id: string;
  session_id: string;
  n: number;
  kind: CorrectionKind;
  reason: string;
  actor_id: string;
  corrected_at: Date;
}

/** Makes one correction; refused with CORRECTION_REFUSED when the transaction is not in that state. */
export async function correctTransaction(db: LedgerDatabase, request: CorrectionRequest): Promise<Correction> {
  const at = request.at ?? new Date();
  return db.transaction(async (tx) => {
    // Serialises corrections of one transaction (a row lock; the row itself is never changed).
    const found = await tx.query('SELECT 1 FROM transactions WHERE session_id = $1 FOR UPDATE', [request.sessionId]);
    if (found.length === 0) throw new ProtocolError('NOT_FOUND');
    const [last] = await tx.query<{ n: number }>(
      'SELECT max(n)::int AS n FROM transaction_corrections WHERE session_id = $1',
      [request.sessionId],
    );
    const n = (last?.n ?? 0) + 1;
    const voided = n % 2 === 0;
    if (request.kind === 'void' && voided) throw new ProtocolError('CORRECTION_REFUSED', { reason: 'already-voided' });
    if (request.kind === 'reinstate' && !voided)
      throw new ProtocolError('CORRECTION_REFUSED', { reason: 'not-voided' });
    const correction: Correction = {
      correctionId: randomUUID(),
      sessionId: request.sessionId,
      n,
      kind: request.kind,
      reason: request.reason,
      correctedBy: request.actor.id,
      correctedAt: at.toISOString(),
    };
    await tx.query(
      `INSERT INTO transaction_corrections (correction_id, session_id, n, kind, reason, actor_id, corrected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [correction.correctionId, correction.sessionId, n, correction.kind, correction.reason, request.actor.id, at],
    );
    await appendAuditIn(tx, {
      eventId: randomUUID(),
      at: at.toISOString(),
      action: 'ledger.correction',
      actor: request.actor,
      target: `transaction:${request.sessionId}`,
      ...(request.address ? { address: request.address.slice(0, 64) } : {}),
      details: { correctionId: correction.correctionId, kind: correction.kind, n, reason: correction.reason },
    });
    return correction;
  });
}

/** A transaction's corrections, oldest first, and whether it is billed now; NOT_FOUND when unknown. */
export async function readCorrections(db: SqlClient, sessionId: string): Promise<TransactionCorrections> {
  const found = await db.query('SELECT 1 FROM transactions WHERE session_id = $1', [sessionId]);
  if (found.length === 0) throw new ProtocolError('NOT_FOUND');
  const rows = await db.query<StoredCorrection>(
    `SELECT correction_id, session_id, n, kind, reason, actor_id, corrected_at
       FROM transaction_corrections WHERE session_id = $1 ORDER BY n`,
    [sessionId],
  );
  return {
    sessionId,
    billable: rows.length % 2 === 0,
    corrections: rows.map((r) => ({
      correctionId: r.correction_id,
      sessionId: r.session_id,
      n: r.n,
      kind: r.kind,
      reason: r.reason,
      correctedBy: r.actor_id,
      correctedAt: new Date(r.corrected_at).toISOString(),
    })),
  };
}
