/**
 * The point's flow as one pure reducer: start → device check → (unavailable) → waiting → call →
 * (transfer → waiting again) → feedback → start. Server pushes and answers are its events, so the
 * same transitions hold whether they come live or from a resume after a reload.
 */
import type { IdentityCheck, Language, SessionEndReason, TicketView, UnavailableReason } from '@etapiste/protocol';

/** What the advisor chose on the start screen. */
export interface Draft {
  agency: string;
  language: Language;
  topic?: string;
  note?: string;
  /** How the advisor checked the customer's identity (the method only). */
  identityCheck?: IdentityCheck;
  /** The customer needs an interpreter of this language (issue 14). */
  interpreterLanguage?: string;
}

export type Phase =
  | {
      name: 'start';
      notice?: 'cancelled' | 'abandoned' | 'come-back' | 'closed' | 'stepped-away';
      /** With `closed`: when the service opens next (ISO), if known. */
      opensAt?: string;
    }
  | { name: 'check'; draft: Draft }
  | { name: 'unavailable'; draft: Draft; reason: UnavailableReason; languagesOnline: Language[] }
  | {
      name: 'waiting';
      ticketId: string;
      visitId: string;
      /** Undefined until the first view of a transferred request arrives. */
      ticket?: TicketView;
      /** The agency whose specialist transferred the visit here. */
      transferredFromAgency?: string;
    }
  | { name: 'call'; ticket: TicketView; sessionId: string }
  /** The call ended without the specialist: their connection was lost, or it ran too long. */
  | { name: 'interrupted'; ticket: TicketView; sessionId: string; reason: 'interrupted' | 'time-limit' }
  | { name: 'feedback'; sessionId: string; visitId: string; language: Language; agency: string }
  | { name: 'thanks' };

export type VisitEvent =
  | { type: 'choose'; draft: Draft }
  | { type: 'back' }
  | { type: 'queued'; ticket: TicketView }
  | { type: 'unavailable'; draft: Draft; reason: UnavailableReason; languagesOnline: Language[] }
  | { type: 'ticket'; ticket: TicketView }
  | { type: 'session-started'; ticketId: string; sessionId: string }
  | { type: 'session-ended'; sessionId: string; transferTicketId?: string; reason?: SessionEndReason }
  | { type: 'interruption-done' }
  | { type: 'cancelled' }
  /** The customer stepped away: the request keeps its place, the desk is free for the next customer. */
  | { type: 'stepped-away' }
  | { type: 'come-back-later' }
  | { type: 'feedback-done' }
  | { type: 'restart' };

export const initialPhase: Phase = { name: 'start' };

/** The request this phase follows, if any: pushes about other tickets are ignored. */
export function currentTicketId(phase: Phase): string | undefined {
  if (phase.name === 'waiting') return phase.ticketId;
  if (phase.name === 'call') return phase.ticket.ticketId;
  return undefined;
}

/** The visit (and so the media room) this phase belongs to. */
export function currentVisitId(phase: Phase): string | undefined {
  if (phase.name === 'waiting') return phase.visitId;
  if (phase.name === 'call' || phase.name === 'interrupted') return phase.ticket.visitId;
  if (phase.name === 'feedback') return phase.visitId;
  return undefined;
}

export function visitReducer(phase: Phase, event: VisitEvent): Phase {
  switch (event.type) {
    case 'choose':
      return { name: 'check', draft: event.draft };
    case 'back':
      return { name: 'start' };
    case 'queued':
      return fromTicket(
        { name: 'waiting', ticketId: event.ticket.ticketId, visitId: event.ticket.visitId },
        event.ticket,
      );
    case 'unavailable':
      return {
        name: 'unavailable',
        draft: event.draft,
        reason: event.reason,
        languagesOnline: event.languagesOnline,
      };
    case 'ticket':
      if (currentTicketId(phase) !== event.ticket.ticketId) return phase;
      return fromTicket(phase, event.ticket);
    case 'session-started':
      if (phase.name !== 'waiting' || phase.ticketId !== event.ticketId || !phase.ticket) return phase;
      return { name: 'call', ticket: { ...phase.ticket, state: 'in-session' }, sessionId: event.sessionId };
    case 'session-ended': {
      if (phase.name !== 'call' || phase.sessionId !== event.sessionId) return phase;
      if (event.reason === 'interrupted' || event.reason === 'time-limit') {
        // Not the customer's doing: they may go back to the head of the same queue.
        return { name: 'interrupted', ticket: phase.ticket, sessionId: phase.sessionId, reason: event.reason };
      }
      if (event.transferTicketId) {
        // The visit continues in another queue: no new request, no new device check.
        return {
          name: 'waiting',
          ticketId: event.transferTicketId,
          visitId: phase.ticket.visitId,
          transferredFromAgency: phase.ticket.agency,
        };
      }
      return {
        name: 'feedback',
        sessionId: phase.sessionId,
        visitId: phase.ticket.visitId,
        language: phase.ticket.language,
        agency: phase.ticket.agency,
      };
    }
    case 'cancelled':
      return { name: 'start', notice: 'cancelled' };
    case 'stepped-away':
      return { name: 'start', notice: 'stepped-away' };
    case 'come-back-later':
      return { name: 'start', notice: 'come-back' };
    case 'interruption-done':
      if (phase.name !== 'interrupted') return phase;
      return {
        name: 'feedback',
        sessionId: phase.sessionId,
        visitId: phase.ticket.visitId,
        language: phase.ticket.language,
        agency: phase.ticket.agency,
      };
    case 'feedback-done':
      return phase.name === 'feedback' ? { name: 'thanks' } : phase;
    case 'restart':
      return { name: 'start' };
  }
}

/** Moves a waiting or in-call phase to what the ticket's state says. */
function fromTicket(phase: Phase, ticket: TicketView): Phase {
  const base =
    phase.name === 'waiting' ? phase : { name: 'waiting' as const, ticketId: ticket.ticketId, visitId: ticket.visitId };
  switch (ticket.state) {
    case 'waiting':
      // Stepped away (from another tab of this point): the desk is free; the list shows the request.
      if (ticket.steppedAway) return { name: 'start', notice: 'stepped-away' };
      return { ...base, ticket };
    case 'offered':
      return { ...base, ticket };
    case 'in-session':
      return ticket.sessionId ? { name: 'call', ticket, sessionId: ticket.sessionId } : { ...base, ticket };
    case 'completed':
      // Ended while this page was away (reload): ask the feedback the call would have asked.
      return ticket.sessionId
        ? {
            name: 'feedback',
            sessionId: ticket.sessionId,
            visitId: ticket.visitId,
            language: ticket.language,
            agency: ticket.agency,
          }
        : { name: 'start' };
    case 'cancelled':
      return { name: 'start', notice: 'cancelled' };
    case 'abandoned':
      return { name: 'start', notice: 'abandoned' };
    case 'closed':
      return { name: 'start', notice: 'closed', ...(ticket.opensAt ? { opensAt: ticket.opensAt } : {}) };
  }
}
