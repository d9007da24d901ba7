/**
 * Who is in a session's call, and a supervisor joining and leaving it (issue 14). There is no
 * silent listening: every join and leave is pushed to everyone in the call — the point's customer
 * included — as `session:participants` with the change, which each screen announces in words, by
 * a sound and to screen readers; and it is recorded on the audit trail (`supervisor.join`,
 * `supervisor.leave`).
 *
 * The rules (each refusal one coded error): a supervisor joins only a session of the agencies they
 * supervise (OUTSIDE_YOUR_AGENCIES; administrators all), that is in progress (SESSION_OVER), not
 * their own (FORBIDDEN), with no other supervisor in it (SUPERVISOR_ALREADY_PRESENT, decided
 * atomically in session-guests.ts). A joined supervisor is a member of the session (chat,
 * documents) and has a media grant for the visit's room (media/grants.ts) until they leave or the
 * session ends.
 *
 * A supervisor invited by the session's specialist (`session:invite` with `{ kind: 'supervisor' }`)
 * joins here too, by the same rules, audit and announcement (microphone off at the SFU), announced
 * as invited (`invitedBy`, the inviter's name); the inviter is told `accepted`, or `cancelled` when
 * the join is refused.
 */
import {
  type ParticipantChange,
  type Principal,
  ProtocolError,
  type SessionParticipant,
  type SessionParticipants,
} from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Directory } from '../directory/directory.js';
import { MediaGrants } from '../media/grants.js';
import type { EndedSession, SessionEndedReport } from '../queue/queue-service.js';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom, principalRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import { type GuestRecord, parseGuestRecord } from './session-guests.js';
import { sessionOfMember, sessionRooms } from './session-membership.js';
import { interpreterInCall, type SessionRecord } from './session-record.js';
import type { SessionStore } from './session-store.js';

export interface ParticipantsServiceOptions {
  io: AppServer;
  sessions: SessionStore;
  directory: Directory;
  audit: AuditTrail | undefined;
  log: FastifyBaseLogger;
  /** Takes a guest out of the visit's media room (media-service.ts `removeGuest`). */
  removeFromMedia(roomId: string, participantId: string, room: string, reason: 'session-ended' | 'left'): Promise<void>;
}

export class ParticipantsService {
  constructor(private readonly options: ParticipantsServiceOptions) {}

  /** The participants, for a member of the session only (anyone else: NOT_FOUND). */
  async view(principal: Principal, sessionId: string): Promise<SessionParticipants> {
    const session = await sessionOfMember(this.options.sessions, principal, sessionId);
    return this.#participants(session, await this.options.sessions.guests.list(sessionId));
  }

  async joinAsSupervisor(
    principal: Principal,
    sessionId: string,
    /** Set when the specialist invited them (queue's `answerInvite` took the invite). */
    invite?: { inviteId: string; inviterId: string },
  ): Promise<SessionParticipants> {
    if (!invite) return this.#joinAsSupervisor(principal, sessionId);
    const { directory, io } = this.options;
    const tell = (outcome: 'accepted' | 'cancelled') =>
      PrincipalEmitter.to(io, expertRoom(invite.inviterId)).emit('invite:answered', {
        inviteId: invite.inviteId,
        outcome,
      });
    try {
      const invitedBy = directory.user(invite.inviterId)?.displayName ?? invite.inviterId;
      const joined = await this.#joinAsSupervisor(principal, sessionId, invite.inviteId, invitedBy);
      tell('accepted');
      return joined;
    } catch (error) {
      tell('cancelled');
      throw error;
    }
  }

  async #joinAsSupervisor(
    principal: Principal,
    sessionId: string,
    inviteId?: string,
    invitedBy?: string,
  ): Promise<SessionParticipants> {
    const { sessions, log } = this.options;
    const session = await sessions.get(sessionId);
    if (!session) throw new ProtocolError('NOT_FOUND');
    const everyAgency = principal.capabilities.includes('administer');
    if (!everyAgency && !(principal.agencies ?? []).includes(session.agency)) {
      throw new ProtocolError('OUTSIDE_YOUR_AGENCIES');
    }
    if (session.endedAt !== undefined) throw new ProtocolError('SESSION_OVER');
    if (session.expertId === principal.id) throw new ProtocolError('FORBIDDEN', { reason: 'own-session' });
    const guest: GuestRecord = {
      participantId: MediaGrants.participantOf(principal),
      role: 'supervisor',
      userId: principal.id,
      name: principal.displayName,
      room: principalRoom(principal),
      joinedAt: Date.now(),
      ...(invitedBy !== undefined ? { invitedBy } : {}),
    };
    const added = await sessions.guests.join(sessionId, guest);
    if (!added) return this.view(principal, sessionId);
    // Joining a call is watching people at work: it is refused when its audit record cannot be
    // handed over, as an administrator's change is.
    try {
      await this.#audit('supervisor.join', principal, session, inviteId);
    } catch (error) {
      await sessions.guests.leave(sessionId, guest.participantId);
      log.error({ err: error, sessionId }, 'supervisor join not audited; refused');
      throw new ProtocolError('UNAVAILABLE');
    }
    log.info({ sessionId, participantId: guest.participantId }, 'supervisor joined a session');
    return this.#announce(session, { kind: 'joined', participant: participantOfGuest(guest) });
  }

  async leaveAsSupervisor(principal: Principal, sessionId: string): Promise<SessionParticipants> {
    return this.#supervisorLeaves(principal, MediaGrants.participantOf(principal), sessionId);
  }

  async #supervisorLeaves(
    principal: Pick<Principal, 'id'>,
    participantId: string,
    sessionId: string,
    reason?: 'connection-lost',
  ): Promise<SessionParticipants> {
    const { sessions, log } = this.options;
    const session = await sessions.get(sessionId);
    const guest = session ? await sessions.guests.leave(sessionId, participantId) : undefined;
    if (!session || !guest) throw new ProtocolError('NOT_IN_SESSION');
    await this.#audit('supervisor.leave', principal, session, undefined, reason).catch((error: unknown) =>
      log.error({ err: error, sessionId }, 'audit event not recorded'),
    );
    await this.options.removeFromMedia(session.visitId, participantId, guest.room, 'left');
    log.info({ sessionId, participantId }, 'supervisor left a session');
    return this.#announce(session, { kind: 'left', participant: participantOfGuest(guest) }, [guest.room]);
  }

  /**
   * A supervisor's connection was gone for the whole grace period (queue/lua.ts `supervisorGrace`):
   * a call they had joined goes on without them, and everyone in it is told, as for a leave of
   * their own; the audit trail records why. A grace fired twice finds them out already.
   */
  async #supervisorGone(userId: string): Promise<void> {
    const participantId = `supervisor:${userId}`;
    const sessionId = await this.options.sessions.guests.sessionOf(participantId);
    if (!sessionId) return;
    await this.#supervisorLeaves({ id: userId }, participantId, sessionId, 'connection-lost').catch(
      (error: unknown) => {
        if (!(error instanceof ProtocolError && error.code === 'NOT_IN_SESSION')) throw error;
      },
    );
  }

  /**
   * A queue listener: the session ended (end, transfer, the point left, interrupted), so its guests
   * are out of the call; each one's leaving is recorded like a leave of their own.
   */
  readonly onSessionEnded = async (ended: SessionEndedReport, known: EndedSession): Promise<void> => {
    const { sessions, log } = this.options;
    // No guest record (the ending script counted them): nothing to clear.
    if (known.guests === 0) return;
    const guests = await sessions.guests.clear(ended.sessionId);
    if (guests.length === 0) return;
    const session = await sessions.get(ended.sessionId);
    for (const guest of guests) {
      if (session) {
        await this.options
          .removeFromMedia(session.visitId, guest.participantId, guest.room, 'session-ended')
          .catch((error: unknown) => log.warn({ err: error, sessionId: ended.sessionId }, 'guest not removed'));
      }
      // Only a supervisor's presence is audited; a consultant's is the session's own business.
      if (guest.role !== 'supervisor') continue;
      await this.options.audit
        ?.record(
          'supervisor.leave',
          { id: guest.userId },
          { target: `session:${ended.sessionId}`, details: { reason: 'session-ended' } },
        )
        .catch((error: unknown) => log.error({ err: error }, 'audit event not recorded'));
    }
  };

  /**
   * A queue listener: an interpreter's part in a session ended while the call goes on (their
   * connection was gone past its grace): everyone left in the call is told, and their media goes.
   */
  readonly onReport = async (report: {
    interpreterLeft?: { sessionId: string; interpreterId: string };
    consultantJoined?: { sessionId: string; participantId: string };
    consultantsLeft?: { sessionId: string; expertId: string; guest: string }[];
    supervisorGone?: string;
  }) => {
    if (report.supervisorGone) await this.#supervisorGone(report.supervisorGone);
    await this.#consultantJoined(report.consultantJoined);
    for (const left of report.consultantsLeft ?? []) await this.#consultantLeft(left);
    const left = report.interpreterLeft;
    if (!left) return;
    const { sessions, directory, log } = this.options;
    const session = await sessions.get(left.sessionId);
    if (!session || session.endedAt !== undefined) return;
    const participantId = `interpreter:${left.interpreterId}`;
    const room = expertRoom(left.interpreterId);
    await this.options
      .removeFromMedia(session.visitId, participantId, room, 'left')
      .catch((error: unknown) => log.warn({ err: error, sessionId: left.sessionId }, 'interpreter not removed'));
    await this.#announce(
      session,
      {
        kind: 'left',
        participant: {
          participantId,
          role: 'interpreter',
          name: directory.user(left.interpreterId)?.displayName ?? left.interpreterId,
        },
      },
      [room],
    );
  };

  /**
   * An invited colleague or interpreter accepted (the queue's script wrote their guest record):
   * everyone in the call is told, as for any join.
   */
  async #consultantJoined(joined: { sessionId: string; participantId: string } | undefined): Promise<void> {
    if (!joined) return;
    const { sessions, log } = this.options;
    const [session, guest] = await Promise.all([
      sessions.get(joined.sessionId),
      sessions.guests.get(joined.sessionId, joined.participantId),
    ]);
    if (!session || !guest) return;
    log.info({ sessionId: joined.sessionId, participantId: joined.participantId }, 'consultant joined a session');
    await this.#announce(session, { kind: 'joined', participant: participantOfGuest(guest) });
  }

  /** A consultant left before the end (or their connection was gone): out of the media room, and told to all. */
  async #consultantLeft(left: { sessionId: string; expertId: string; guest: string }): Promise<void> {
    const { sessions, log } = this.options;
    const session = await sessions.get(left.sessionId);
    const guest = left.guest ? parseGuestRecord(left.guest) : undefined;
    if (!session || !guest) return;
    await this.options
      .removeFromMedia(session.visitId, guest.participantId, guest.room, 'left')
      .catch((error: unknown) => log.warn({ err: error, sessionId: left.sessionId }, 'consultant not removed'));
    await this.#announce(session, { kind: 'left', participant: participantOfGuest(guest) }, [guest.room]);
  }

  /** Pushes the participants with the change to everyone in the call, and to `alsoTo` (one who just left). */
  async #announce(
    session: SessionRecord,
    change: ParticipantChange,
    alsoTo: string[] = [],
  ): Promise<SessionParticipants> {
    const { sessions, io } = this.options;
    const guests = await sessions.guests.list(session.sessionId);
    const participants = this.#participants(session, guests, change);
    const rooms = new Set([...(await sessionRooms(sessions, session)), ...alsoTo]);
    io.to([...rooms]).emit('session:participants', participants);
    return participants;
  }

  #participants(session: SessionRecord, guests: GuestRecord[], change?: ParticipantChange): SessionParticipants {
    const { directory } = this.options;
    const point: SessionParticipant = {
      participantId: `point:${session.pointId}`,
      role: 'point',
      name: directory.point(session.pointId)?.name.fi ?? session.pointId,
      pointId: session.pointId,
    };
    const expert: SessionParticipant = {
      participantId: `expert:${session.expertId}`,
      role: 'expert',
      name: directory.user(session.expertId)?.displayName ?? session.expertId,
    };
    // The interpreter came with the specialist (an interpreter-needed request) and is listed while in the call.
    const interpreterId = interpreterInCall(session);
    const interpreter: SessionParticipant[] = interpreterId
      ? [
          {
            participantId: `interpreter:${interpreterId}`,
            role: 'interpreter',
            name: directory.user(interpreterId)?.displayName ?? interpreterId,
          },
        ]
      : [];
    return {
      sessionId: session.sessionId,
      visitId: session.visitId,
      participants: [point, expert, ...interpreter, ...guests.map(participantOfGuest)],
      ...(change ? { change } : {}),
    };
  }

  /** `inviteId`: the join was at the specialist's invite (recorded with it). */
  #audit(
    action: 'supervisor.join' | 'supervisor.leave',
    principal: Pick<Principal, 'id'>,
    session: SessionRecord,
    inviteId?: string,
    reason?: 'connection-lost',
  ) {
    return (
      this.options.audit?.record(
        action,
        { id: principal.id, role: 'supervisor' },
        {
          target: `session:${session.sessionId}`,
          details: {
            agency: session.agency,
            pointId: session.pointId,
            expertId: session.expertId,
            ...(inviteId ? { invited: true, inviteId } : {}),
            ...(reason ? { reason } : {}),
          },
        },
      ) ?? Promise.resolve(undefined)
    );
  }
}

function participantOfGuest(guest: GuestRecord): SessionParticipant {
  return {
    participantId: guest.participantId,
    role: guest.role,
    name: guest.name,
    joinedAt: new Date(guest.joinedAt).toISOString(),
    ...(guest.invitedBy ? { invitedBy: guest.invitedBy } : {}),
  };
}
