/**
 * The participant speaking now in a media room (the SFU's active-speaker observer, pushed as
 * `media:speaker`), for the tiles' outline; null in silence or before anyone spoke.
 */
import type { SignalingClient } from '@etapiste/call-client';
import { useEffect, useState } from 'react';

export function useActiveSpeaker(client: SignalingClient | undefined, roomId: string | undefined): string | null {
  const [speaker, setSpeaker] = useState<string | null>(null);
  useEffect(() => {
    setSpeaker(null);
    if (!client || !roomId) return;
    return client.on('media:speaker', (push) => {
      if (push.roomId === roomId) setSpeaker(push.participantId);
    });
  }, [client, roomId]);
  return speaker;
}
