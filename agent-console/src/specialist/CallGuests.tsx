/**
 * A guest in the specialist's call (issue 14: a supervisor who joined): their picture as a named
 * tile in a grid with the customer's, the speaker outlined. Who joined and left is said by the
 * session view (ParticipantNotice); this is the picture.
 */
import type { RemoteTrack, SignalingClient } from '@etapiste/call-client';
import type { Session } from '@etapiste/protocol';
import { CallGrid, type CallTile, useActiveSpeaker, useParticipants } from '@etapiste/ui';

/** A participant who joined after the two sides (`supervisor:<id>`). */
export function isGuest(participantId: string): boolean {
  return !participantId.startsWith('point:') && !participantId.startsWith('expert:');
}

/** The customer's picture on the stage (`label`: what it shows) with each guest's beside it. */
export function GuestGrid({
  client,
  session,
  main,
  label,
  guests,
}: {
  client: SignalingClient | undefined;
  session: Session;
  main: RemoteTrack;
  label: string;
  guests: RemoteTrack[];
}) {
  const { participants } = useParticipants(client, session.sessionId);
  const speaker = useActiveSpeaker(client, session.visitId);
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const tile = (track: RemoteTrack, what?: string): CallTile => {
    const person = byId.get(track.participantId);
    return {
      key: track.producerId,
      track: track.track,
      participantId: track.participantId,
      role: person?.role ?? (isGuest(track.participantId) ? 'supervisor' : 'point'),
      name: person?.name ?? '',
      ...(what ? { what } : {}),
    };
  };
  return (
    <CallGrid
      className="call-stage__grid call-grid--fill"
      speaker={speaker}
      tiles={[tile(main, label), ...guests.map((g) => tile(g))]}
    />
  );
}
