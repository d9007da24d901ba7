/**
 * Erasure on request: an administrator removes a visit's free text that may describe a person —
 * the customer's feedback comments and the specialists' wrap-up notes of its sessions — and
 * nothing else (the transactions stay: they are what municipalities are paid by and hold ids and
 * codes only). The advisor's request note never reaches the ledger (it lives in the request's
 * Redis record and is dropped when the request closes), so there is none to erase here.
 *
 * The removal and its audit row are one database transaction. The audit row says who erased what
 * of which visit, why, and how many texts; never the text.
 */
import { randomUUID } from 'node:crypto';
import { type AuditActor, ProtocolError, type VisitErasure } from '@etapiste/protocol';
import { appendAuditIn } from '../ledger/audit-chain.js';
import type { LedgerDatabase } from '../ledger/database.js';

export interface ErasureRequest {
  visitId: string;
  reason: string;
  actor: AuditActor;
  address?: string | undefined;
}

/** Erases the visit's comments and notes; NOT_FOUND when the ledger knows no such visit. */
export async function eraseVisit(db: LedgerDatabase, request: ErasureRequest): Promise<VisitErasure> {
  return db.transaction(async (tx) => {
    const known = await tx.query(
      `SELECT 1 FROM transactions WHERE visit_id = $1 UNION ALL SELECT 1 FROM feedback WHERE visit_id = $1 LIMIT 1`,
      [request.visitId],
    );
    if (known.length === 0) throw new ProtocolError('NOT_FOUND');
    const comments = await tx.query(
      `UPDATE feedback SET comment = NULL, comment_removed_at = now(), comment_removed_why = 'erasure'
        WHERE visit_id = $1 AND comment IS NOT NULL
        RETURNING session_id`,
      [request.visitId],
    );
    const notes = await tx.query(
      `DELETE FROM wrap_up_notes
        WHERE session_id IN (SELECT session_id FROM transactions WHERE visit_id = $1)
        RETURNING session_id`,
      [request.visitId],
    );
    const erasure: VisitErasure = {
      visitId: request.visitId,
      feedbackComments: comments.length,
      wrapUpNotes: notes.length,
    };
    await appendAuditIn(tx, {
      eventId: randomUUID(),
      at: new Date().toISOString(),
      action: 'privacy.erase',
      actor: request.actor,
      target: `visit:${request.visitId}`,
      ...(request.address ? { address: request.address.slice(0, 64) } : {}),
      details: {
        reason: request.reason,
        feedbackComments: erasure.feedbackComments,
        wrapUpNotes: erasure.wrapUpNotes,
        sessions: [...new Set([...comments, ...notes].map((r) => (r as { session_id: string }).session_id))].sort(),
      },
    });
    return erasure;
  });
}
