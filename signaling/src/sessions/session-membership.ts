/**
 * Who takes part in a session: its point (the device of the point it was started at) and its
 * specialist. Chat and documents ask this one rule; anyone else learns nothing of the session
 * (NOT_FOUND, the same as for a session that does not exist).
 */
import { type Principal, ProtocolError } from '@etapiste/protocol';
import type { SessionRecord } from './session-record.js';
import type { SessionStore } from './session-store.js';

export async function sessionOfMember(
  sessions: SessionStore,
  principal: Principal,
  sessionId: string,
): Promise<SessionRecord> {
  const session = await sessions.get(sessionId);
  const member =
    session !== undefined &&
    ((principal.role === 'point' && principal.pointId === session.pointId) ||
      (principal.role !== 'point' && principal.id === session.expertId));
  if (!member) throw new ProtocolError('NOT_FOUND');
  return session;
}
