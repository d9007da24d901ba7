/**
 * A ticket's Redis hash (written by the enqueue, offer and accept scripts) as the view its point
 * sees, without position and estimate (those depend on the queue, not the ticket). The ticket view
 * and the position pushes both start from this, so they cannot disagree.
 */
import type { Language, TicketView } from '@etapiste/protocol';

export type TicketFacts = Omit<TicketView, 'position' | 'etaSeconds'>;

export function ticketFacts(ticketId: string, f: Record<string, string>): TicketFacts | undefined {
  if (!f.state || !f.agency || !f.language || !f.visitId || !f.enqueuedAt) return undefined;
  return {
    ticketId,
    visitId: f.visitId,
    agency: f.agency,
    language: f.language as Language,
    state: f.state as TicketView['state'],
    enqueuedAt: new Date(Number(f.enqueuedAt)).toISOString(),
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.transferredFrom ? { transferredFrom: f.transferredFrom } : {}),
    ...(f.sessionId ? { sessionId: f.sessionId } : {}),
  };
}
