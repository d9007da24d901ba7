/**
 * Who is in a session's call, on a page: the list when the session (or the connection) comes up,
 * then each `session:participants` push. A push with a change becomes the announcement — one
 * sentence ("Supervisor Anna Virtanen joined the call.") that ParticipantNotice shows, plays a
 * short sound for and screen readers read. There is no silent listening: every page in the call
 * shows one.
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { ParticipantChange, SessionParticipant } from '@etapiste/protocol';
import { useEffect, useState } from 'react';

export interface Participants {
  participants: SessionParticipant[];
  /** The latest join or leave, with a serial so that the same words twice are announced twice. */
  change: (ParticipantChange & { serial: number }) | undefined;
}

let serial = 0;

export function useParticipants(client: SignalingClient | undefined, sessionId: string | undefined): Participants {
  const [participants, setParticipants] = useState<SessionParticipant[]>([]);
  const [change, setChange] = useState<Participants['change']>();

  useEffect(() => {
    setParticipants([]);
    setChange(undefined);
    if (!client || !sessionId) return;
    let live = true;
    const off = client.on('session:participants', (update) => {
      if (update.sessionId !== sessionId) return;
      setParticipants(update.participants);
      if (update.change) {
        serial += 1;
        setChange({ ...update.change, serial });
      }
    });
    client.request('session:participants:get', { sessionId }).then(
      (list) => live && setParticipants((current) => (current.length ? current : list.participants)),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [client, sessionId]);

  return { participants, change };
}
