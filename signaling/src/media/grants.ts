/**
 * Who may take part in a room's media, read from the state the visits and the queue keep:
 * - the point whose visit it is, while the visit is open (before any session: fast start);
 * - the specialist of the visit's session in progress (a session that has ended, in wrap-up or
 *   transferred, grants nothing);
 * - a supervisor who joined that session (`session:join-as-supervisor`, sessions/session-guests.ts),
 *   while they are in it: microphone and camera, as `supervisor:<userId>` (a person who is also a
 *   specialist stays `expert:<userId>`: one participant id per person, and never in their own
 *   session's room twice, since a specialist cannot supervise their own session).
 * - a colleague or an interpreter invited into that session (`session:invite`) while in its call,
 *   as `expert:<userId>` or `interpreter:<userId>` (the guest record the invite's accept wrote);
 * - a specialist's own standby room (`standby-<userId>`) while they work (available, offered, in
 *   a session, wrap-up): their camera and microphone wait there, held on the SFU, for the next
 *   accept (docs/media.md "Standby"). Nobody else may join it, so nobody else can consume from it;
 *   a session's visit room receives its media only through the link the session makes.
 * Grants are checked when joining; the SFU then holds the membership, and the session-end hook
 * (wired in app.ts) removes a specialist whose session ends, closing a visit removes its point.
 */
import {
  type ExpertState,
  type MediaGrant,
  type MediaSource,
  type Principal,
  ProtocolError,
  standbyRoomId,
} from '@etapiste/protocol';
import type { PresenceStore } from '../presence/presence-store.js';
import { interpreting } from '../sessions/session-membership.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { VisitStore } from '../visits/visit-store.js';

export const POINT_SOURCES: readonly MediaSource[] = ['microphone', 'camera', 'document-camera', 'screen'];
export const EXPERT_SOURCES: readonly MediaSource[] = ['microphone', 'camera', 'screen'];
export const SUPERVISOR_SOURCES: readonly MediaSource[] = ['microphone', 'camera'];
/** States in which a specialist keeps a standby room: working, between accepts or in a session. */
export const STANDBY_STATES: ReadonlySet<ExpertState> = new Set(['available', 'offered', 'in-session', 'wrap-up']);
export const INTERPRETER_SOURCES: readonly MediaSource[] = ['microphone', 'camera'];

export class MediaGrants {
  constructor(
    private readonly visits: VisitStore,
    private readonly presence: PresenceStore,
    private readonly sessions: SessionStore,
  ) {}

  async resolve(principal: Principal, roomId: string): Promise<MediaGrant> {
    if (principal.role === 'point' && principal.pointId) {
      const visit = await this.visits.get(roomId);
      if (visit?.pointId === principal.pointId && !visit.closedAt) {
        return { roomId, participantId: `point:${principal.pointId}`, role: 'point', sources: [...POINT_SOURCES] };
      }
    } else if (principal.role === 'expert' && roomId === standbyRoomId(principal.id)) {
      const { state } = await this.presence.get(principal.id);
      if (STANDBY_STATES.has(state)) {
        return { roomId, participantId: `expert:${principal.id}`, role: 'expert', sources: [...EXPERT_SOURCES] };
      }
    } else if (principal.role === 'expert') {
      const { sessionId } = await this.presence.record(principal.id);
      if (sessionId) {
        const session = await this.sessions.get(sessionId);
        if (session?.expertId === principal.id && session.visitId === roomId && session.endedAt === undefined) {
          return {
            roomId,
            participantId: `expert:${principal.id}`,
            role: 'expert',
            sources: [...EXPERT_SOURCES],
            sessionId,
          };
        }
      }
    }
    if (principal.role === 'interpreter') {
      // The interpreter matched with the specialist: microphone and camera while in the session's call.
      const { sessionId } = await this.presence.record(principal.id);
      const session = sessionId ? await this.sessions.get(sessionId) : undefined;
      if (
        sessionId &&
        session &&
        interpreting(session, principal.id) &&
        session.visitId === roomId &&
        session.endedAt === undefined
      ) {
        return {
          roomId,
          participantId: `interpreter:${principal.id}`,
          role: 'interpreter',
          sources: [...INTERPRETER_SOURCES],
          sessionId,
        };
      }
    }
    if (principal.role === 'expert' || principal.role === 'interpreter') {
      // An invited colleague or interpreter (a guest of the session, `session:invite`) while in its call.
      const participantId = MediaGrants.participantOf(principal);
      const sessionId = await this.sessions.guests.sessionOf(participantId);
      if (sessionId) {
        const [session, guest] = await Promise.all([
          this.sessions.get(sessionId),
          this.sessions.guests.get(sessionId, participantId),
        ]);
        if (guest && guest.role !== 'supervisor' && session?.visitId === roomId && session.endedAt === undefined) {
          const interpreter = principal.role === 'interpreter';
          return {
            roomId,
            participantId,
            role: interpreter ? 'interpreter' : 'expert',
            sources: [...(interpreter ? INTERPRETER_SOURCES : EXPERT_SOURCES)],
            sessionId,
          };
        }
      }
    }
    if (principal.capabilities.includes('supervise')) {
      const participantId = MediaGrants.participantOf(principal);
      const sessionId = await this.sessions.guests.sessionOf(participantId);
      if (sessionId) {
        const [session, guest] = await Promise.all([
          this.sessions.get(sessionId),
          this.sessions.guests.get(sessionId, participantId),
        ]);
        if (guest && session?.visitId === roomId && session.endedAt === undefined) {
          return { roomId, participantId, role: 'supervisor', sources: [...SUPERVISOR_SOURCES], sessionId };
        }
      }
    }
    throw new ProtocolError('MEDIA_NOT_GRANTED');
  }

  /** The participant a principal would be, for commands after the join (no Redis read). */
  static participantOf(
    principal: Principal,
  ): `point:${string}` | `expert:${string}` | `interpreter:${string}` | `supervisor:${string}` {
    if (principal.role === 'point' && principal.pointId) return `point:${principal.pointId}`;
    if (principal.role === 'expert') return `expert:${principal.id}`;
    if (principal.role === 'interpreter') return `interpreter:${principal.id}`;
    if (principal.capabilities.includes('supervise')) return `supervisor:${principal.id}`;
    throw new ProtocolError('MEDIA_NOT_GRANTED');
  }
}
