/**
 * Who takes part in a session: its point (the device of the point it was started at), its
 * specialist, its interpreter (matched with the specialist, until they leave), and a guest who joined its call (a supervisor, session-guests.ts) while they are in
 * it. Chat, documents and the participant list ask this one rule; anyone else learns nothing of
 * the session (NOT_FOUND, the same as for a session that does not exist).
 */
import { type Principal, ProtocolError } from '@etapiste/protocol';
import { expertRoom, pointRoom } from '../realtime/rooms.js';
import { interpreterInCall, type SessionRecord } from './session-record.js';
import type { SessionStore } from './session-store.js';

export async function sessionOfMember(
  sessions: SessionStore,
  principal: Principal,
  sessionId: string,
): Promise<SessionRecord> {
  const session = await sessions.get(sessionId);
  const side =
    session !== undefined &&
    ((principal.role === 'point' && principal.pointId === session.pointId) ||
      (principal.role !== 'point' && principal.id === session.expertId) ||
      (principal.role !== 'point' && interpreting(session, principal.id)));
  if (side) return session;
  if (session && principal.role !== 'point') {
    const guests = await sessions.guests.list(sessionId);
    if (guests.some((g) => g.userId === principal.id)) return session;
  }
  throw new ProtocolError('NOT_FOUND');
}

/** Whether `userId` is the session's interpreter and still in its call. */
export function interpreting(session: SessionRecord, userId: string): boolean {
  return interpreterInCall(session) === userId;
}

/** Every Socket.IO room a session's pushes reach: its point's, its specialist's, its interpreter's and its guests'. */
export async function sessionRooms(sessions: SessionStore, session: SessionRecord): Promise<string[]> {
  const guests = await sessions.guests.list(session.sessionId);
  const interpreter = interpreterInCall(session);
  return [
    pointRoom(session.pointId),
    expertRoom(session.expertId),
    ...(interpreter ? [expertRoom(interpreter)] : []),
    ...guests.map((g) => g.room),
  ];
}
