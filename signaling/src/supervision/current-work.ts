/**
 * A specialist's (or an interpreter's) work in progress, read from the queue's Redis state (read
 * only): the offer ringing now, or the session in progress or in wrap-up. The console asks for it after every (re)connect,
 * so a reload or a network drop resumes where the specialist was instead of losing the session.
 *
 * Invites into a session under way (issue 14) resume the same way, for a supervisor too: the invite
 * ringing at the caller (`invite`), or the call they are in as an invited guest (`guestCall`: a
 * consultant, an invited interpreter, a supervisor who came by invite; one who joined from the
 * wallboard has the wallboard).
 */
import { type CurrentWork, type Principal, ProtocolError, type SessionParticipants } from '@etapiste/protocol';
import type { PresenceStore } from '../presence/presence-store.js';
import type { TicketReader } from '../queue/ticket-reader.js';
import { type InviteRecord, inviteIncoming } from '../sessions/invite-record.js';
import type { InviteStore } from '../sessions/invite-store.js';
import { interpreting } from '../sessions/session-membership.js';
import { sessionView } from '../sessions/session-record.js';
import type { SessionStore } from '../sessions/session-store.js';

export interface CurrentWorkOptions {
  presence: PresenceStore;
  sessions: SessionStore;
  tickets: TicketReader;
  invites: InviteStore;
  /** A person's display name (the inviter's, for the invite). */
  nameOf(userId: string): string;
  /** Who is in a session's call, for a member of it (sessions/participants-service.ts `view`). */
  participants?(principal: Principal, sessionId: string): Promise<SessionParticipants>;
}

export class CurrentWorkReader {
  constructor(private readonly options: CurrentWorkOptions) {}

  async read(principal: Principal): Promise<CurrentWork> {
    if (principal.capabilities.includes('serve')) return this.#serving(principal);
    // A supervisor has no presence: only an invite of theirs, or the call it brought them into.
    if (principal.role === 'supervisor') {
      const { invites, sessions } = this.options;
      const ringing = await invites.ringingAtSupervisor(principal.id);
      if (ringing) return { invite: this.#incoming(ringing) };
      const participantId = `supervisor:${principal.id}`;
      const sessionId = await sessions.guests.sessionOf(participantId);
      const guest = sessionId ? await sessions.guests.get(sessionId, participantId) : undefined;
      if (sessionId && guest?.invitedBy !== undefined) return this.#guestCall(principal, sessionId);
    }
    return {};
  }

  async #serving(principal: Principal): Promise<CurrentWork> {
    const { presence, sessions, tickets, invites } = this.options;
    const expertId = principal.id;
    const { state, offerId, sessionId, inviteId, consultant } = await presence.record(expertId);
    if (state === 'offered' && offerId) {
      const offer = await tickets.offer(offerId, expertId);
      return offer ? { offer } : {};
    }
    if (state === 'offered' && inviteId) {
      const invite = await invites.get(inviteId);
      return invite?.inviteeId === expertId ? { invite: this.#incoming(invite) } : {};
    }
    if (state === 'in-session' && sessionId && consultant) return this.#guestCall(principal, sessionId);
    if ((state === 'in-session' || state === 'wrap-up') && sessionId) {
      const session = await sessions.get(sessionId);
      // The specialist's session, or the one they interpret in (until they leave it; no wrap-up).
      if (!session || (session.expertId !== expertId && !interpreting(session, expertId))) return {};
      if (interpreting(session, expertId)) {
        const details = await tickets.details(session.ticketId);
        return { session: sessionView(session), ...(details ? { details } : {}) };
      }
      const details = await tickets.details(session.ticketId);
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

  #incoming(invite: InviteRecord) {
    return inviteIncoming(invite, this.options.nameOf(invite.inviterId));
  }

  /** The call of a session the caller is a guest of; nothing when they are not in it any more. */
  async #guestCall(principal: Principal, sessionId: string): Promise<CurrentWork> {
    const view = this.options.participants;
    if (!view) return {};
    const guestCall = await view(principal, sessionId).catch((error: unknown) => {
      if (error instanceof ProtocolError) return undefined;
      throw error;
    });
    return guestCall ? { guestCall } : {};
  }
}
