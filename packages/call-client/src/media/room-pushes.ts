/**
 * What signaling pushes about the room (participants, producers, speaker, quality, a restarted
 * room, a revoked grant) and the connection's own state, turned into the session's tracks, events
 * and recovery steps. Pushes about another room, or after `leave()`, are ignored.
 */
import type { ConnectionState } from '../signaling-client.js';
import type { MediaContext } from './context.js';
import type { RemoteTracks } from './remote-tracks.js';

/** What the pushes need of the session itself. */
export interface PushedSession {
  /** The session still wants pushes of this room (it is the room joined, and not left). */
  isMine(roomId: string): boolean;
  /** The transports do not exist yet (or are being replaced): announced producers wait. */
  settingUp(): boolean;
  /** The grant for the room ended. */
  revoked(): void;
  signalingState(state: ConnectionState): void;
}

/** Subscribes to the pushes; returns the unsubscribe functions. */
export function subscribeRoomPushes(ctx: MediaContext, remote: RemoteTracks, session: PushedSession): (() => void)[] {
  const s = ctx.signaling;
  const mine = (roomId: string) => session.isMine(roomId);
  return [
    s.on('media:producer:added', ({ roomId, producer }) => {
      if (!mine(roomId)) return;
      // Before the transports exist (joining, rejoining) it waits; the join consumes it then.
      if (!session.settingUp()) void remote.consume(producer);
      else remote.hold(producer);
    }),
    s.on('media:producer:removed', ({ roomId, producerId }) => {
      if (mine(roomId)) remote.remove(producerId);
    }),
    s.on('media:producer:paused', ({ roomId, producerId, paused }) => {
      if (mine(roomId)) remote.setProducerPaused(producerId, paused);
    }),
    s.on('media:participant:joined', ({ roomId, participantId }) => {
      if (mine(roomId)) ctx.emit('participant-joined', participantId);
    }),
    s.on('media:participant:left', ({ roomId, participantId }) => {
      if (!mine(roomId)) return;
      remote.removeParticipant(participantId);
      ctx.emit('participant-left', participantId);
    }),
    s.on('media:speaker', ({ roomId, participantId }) => {
      if (mine(roomId)) ctx.emit('speaker', participantId);
    }),
    s.on('media:quality', ({ roomId, participants }) => {
      if (mine(roomId)) ctx.emit('quality', participants);
    }),
    s.on('media:room:restarted', ({ roomId }) => {
      if (mine(roomId)) ctx.reconnector.roomLost();
    }),
    s.on('media:revoked', ({ roomId }) => {
      if (mine(roomId)) session.revoked();
    }),
    s.onState((state) => session.signalingState(state)),
  ];
}
