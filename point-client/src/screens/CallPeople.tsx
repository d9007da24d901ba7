/**
 * Who is in the point's call beyond the customer and the specialist (issue 14): the list by role
 * and name, each join and leave said on screen, by a sound and to screen readers, and the guests'
 * pictures (a supervisor's) as named tiles beside the specialist's in a grid. The customer always
 * knows who is watching: nobody is in the call unannounced.
 */
import type { RemoteTrack, SignalingClient } from '@etapiste/call-client';
import type { Directory, Language, SessionParticipant } from '@etapiste/protocol';
import {
  CallGrid,
  type CallTile,
  ParticipantNotice,
  type Participants,
  ParticipantsPanel,
  useActiveSpeaker,
  useParticipants,
} from '@etapiste/ui';
import { useTranslation } from 'react-i18next';

/**
 * A participant beside the point and the session's specialist (a supervisor, the interpreter, a
 * consulting colleague): shown as a tile of their own. A colleague's media id is `expert:<id>` too,
 * so the participant list's role decides when it names them.
 */
export function isGuest(participantId: string, participants: readonly SessionParticipant[] = []): boolean {
  const listed = participants.find((p) => p.participantId === participantId);
  if (listed) return listed.role !== 'point' && listed.role !== 'expert';
  return !participantId.startsWith('point:') && !participantId.startsWith('expert:');
}

export interface CallPeople {
  people: Participants;
  /** Whether a media participant is a guest's tile (by the participant list, else by its id). */
  isGuest(participantId: string): boolean;
  /** The guests' pictures. */
  guests: RemoteTrack[];
  speaker: string | null;
  nameOf(participant: SessionParticipant): string;
}

export function useCallPeople(
  client: SignalingClient | undefined,
  sessionId: string | undefined,
  roomId: string | undefined,
  remote: RemoteTrack[],
  directory: Directory,
): CallPeople {
  const { i18n } = useTranslation();
  const people = useParticipants(client, sessionId);
  const speaker = useActiveSpeaker(client, roomId);
  const lang = i18n.language as Language;
  const guest = (participantId: string) => isGuest(participantId, people.participants);
  return {
    people,
    isGuest: guest,
    guests: remote.filter((r) => r.kind === 'video' && guest(r.participantId)),
    speaker,
    nameOf: (p) => (p.pointId ? (directory.points.find((x) => x.id === p.pointId)?.name[lang] ?? p.name) : p.name),
  };
}

export function PeopleNotice({ call }: { call: CallPeople }) {
  return <ParticipantNotice participants={call.people} nameOf={call.nameOf} />;
}

export function PeoplePanel({ call, self }: { call: CallPeople; self: string | undefined }) {
  return <ParticipantsPanel participants={call.people} self={self} nameOf={call.nameOf} />;
}

/** The specialist's picture and the guests' as a grid of named tiles; `label` says what the specialist's shows when not their face. */
export function PeopleGrid({
  call,
  main,
  label,
  signLanguage = false,
}: {
  call: CallPeople;
  main: RemoteTrack;
  label: string;
  /** The interpreter interprets a sign language: their picture is pinned large. */
  signLanguage?: boolean;
}) {
  const byId = new Map(call.people.participants.map((p) => [p.participantId, p]));
  const tile = (track: RemoteTrack, what?: string): CallTile => {
    const person = byId.get(track.participantId);
    return {
      key: track.producerId,
      track: track.track,
      participantId: track.participantId,
      role:
        person?.role ??
        (track.participantId.startsWith('interpreter:')
          ? 'interpreter'
          : call.isGuest(track.participantId)
            ? 'supervisor'
            : 'expert'),
      name: person ? call.nameOf(person) : '',
      ...(what ? { what } : {}),
    };
  };
  return (
    <CallGrid
      className="call__grid call-grid--fill"
      speaker={call.speaker}
      pinned={
        signLanguage ? call.guests.find((g) => g.participantId.startsWith('interpreter:'))?.participantId : undefined
      }
      tiles={[tile(main, main.source === 'camera' ? undefined : label), ...call.guests.map((g) => tile(g))]}
    />
  );
}
