/**
 * A specialist's (or an interpreter's) work in progress, read from the queue's Redis state (read
 * only): the offer ringing now, or the session in progress or in wrap-up. The console asks for it after every (re)connect,
 * so a reload or a network drop resumes where the specialist was instead of losing the session.
 */
import type { CurrentWork } from '@etapiste/protocol';
import type { PresenceStore } from '../presence/presence-store.js';
import type { TicketReader } from '../queue/ticket-reader.js';
import { interpreting } from '../sessions/session-membership.js';
import { sessionView } from '../sessions/session-record.js';
import type { SessionStore } from '../sessions/session-store.js';

export class CurrentWorkReader {
  constructor(
    private readonly presence: PresenceStore,
    private readonly sessions: SessionStore,
    private readonly tickets: TicketReader,
  ) {}

  async read(expertId: string): Promise<CurrentWork> {
    const { state, offerId, sessionId } = await this.presence.record(expertId);
    if (state === 'offered' && offerId) {
      const offer = await this.tickets.offer(offerId, expertId);
      return offer ? { offer } : {};
    }
    if ((state === 'in-session' || state === 'wrap-up') && sessionId) {
      const session = await this.sessions.get(sessionId);
      // The specialist's session, or the one they interpret in (until they leave it; no wrap-up).
      if (!session || (session.expertId !== expertId && !interpreting(session, expertId))) return {};
      if (interpreting(session, expertId)) {
        const details = await this.tickets.details(session.ticketId);
        return { session: sessionView(session), ...(details ? { details } : {}) };
      }
      const details = await this.tickets.details(session.ticketId);
      return {
        session: sessionView(session),
        ...(details ? { details } : {}),
        ...(session.wrapUpDeadline !== undefined && !session.outcome
          ? { wrapUpDeadline: new Date(session.wrapUpDeadline).toISOString() }
          : {}),
      };
    }
    return {};
  }
}
