/**
 * A guest in the specialist's call (issue 14: a supervisor who joined, an interpreter): their picture as a named
 * tile in a grid with the customer's, the speaker outlined. Who joined and left is said by the
 * session view (ParticipantNotice); this is the picture.
 */
import type { RemoteTrack, SignalingClient } from '@etapiste/call-client';
import type { Session } from '@etapiste/protocol';
import { CallGrid, type CallTile, useActiveSpeaker, useParticipants } from '@etapiste/ui';

/**
 * Anyone in the call beside the customer's point, shown as a tile of their own: a supervisor who
 * joined, the interpreter, and, on an interpreter's page, the specialist.
 */
export function isGuest(participantId: string): boolean {
  return !participantId.startsWith('point:');
}

/** A tile's role when the participant list has not named it yet, read from its participant id. */
function roleOf(participantId: string): CallTile['role'] {
  const prefix = participantId.split(':')[0];
  return prefix === 'expert' || prefix === 'interpreter' || prefix === 'point' ? prefix : 'supervisor';
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
      role: person?.role ?? roleOf(track.participantId),
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
