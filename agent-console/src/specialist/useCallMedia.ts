/**
 * The session's media through `@etapiste/call-client`'s MediaSession: join the visit's room with
 * the microphone and camera, follow the customer's tracks (camera, document camera, screen share,
 * microphone), mute and camera off, and quality. The room is the visit's, so a reload or a network
 * drop joins the same room again; the session's end leaves it.
 */
import {
  CallClientError,
  MediaSession,
  openTrack,
  type RemoteTrack,
  type SignalingClient,
} from '@etapiste/call-client';
import type { MediaSource, ParticipantQuality, Session } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';

export interface CallMedia {
  state: MediaSession['state'];
  remote: RemoteTrack[];
  local: MediaStreamTrack | undefined;
  micMuted: boolean;
  cameraOff: boolean;
  quality: ParticipantQuality[];
  participantId: string | undefined;
  error: CallClientError | undefined;
  /** The microphone or camera could not be opened (no device, or permission refused). */
  deviceProblem: boolean;
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
}

export function useCallMedia(client: SignalingClient | undefined, session: Session): CallMedia {
  const media = useRef<MediaSession>(undefined);
  const [state, setState] = useState<MediaSession['state']>('idle');
  const [remote, setRemote] = useState<RemoteTrack[]>([]);
  const [local, setLocal] = useState<MediaStreamTrack>();
  const [micMuted, setMicMutedState] = useState(false);
  const [cameraOff, setCameraOffState] = useState(false);
  const [quality, setQuality] = useState<ParticipantQuality[]>([]);
  const [error, setError] = useState<CallClientError>();
  const [deviceProblem, setDeviceProblem] = useState(false);

  useEffect(() => {
    if (!client) return;
    const session_ = new MediaSession(client);
    media.current = session_;
    let gone = false;
    const refresh = () => !gone && setRemote(session_.remoteTracks);
    session_.on('state', (s) => !gone && setState(s));
    session_.on('track-added', refresh);
    session_.on('track-removed', refresh);
    session_.on('track-paused', refresh);
    session_.on('quality', (q) => !gone && setQuality(q));
    session_.on('error', (e) => !gone && setError(e));

    const start = async () => {
      // Each source on its own: a missing camera still lets the specialist talk, and vice versa.
      for (const source of ['microphone', 'camera'] as MediaSource[]) {
        try {
          const track = await openTrack(source);
          if (gone) {
            track.stop();
            return;
          }
          await session_.publish(source, track);
          if (source === 'camera') setLocal(track);
        } catch {
          if (!gone) setDeviceProblem(true);
        }
      }
      await session_.join({ roomId: session.visitId });
      refresh();
    };
    start().catch((failure: unknown) => !gone && setError(CallClientError.from(failure)));

    return () => {
      gone = true;
      media.current = undefined;
      void session_.leave().finally(() => {
        for (const source of ['microphone', 'camera'] as MediaSource[]) session_.localTrack(source)?.stop();
      });
    };
  }, [client, session.visitId]);

  return {
    state,
    remote,
    local,
    micMuted,
    cameraOff,
    quality,
    participantId: media.current?.grant?.participantId,
    error,
    deviceProblem,
    setMicMuted(muted) {
      setMicMutedState(muted);
      media.current?.setMuted('microphone', muted).catch((e: unknown) => setError(CallClientError.from(e)));
    },
    setCameraOff(off) {
      setCameraOffState(off);
      media.current?.setMuted('camera', off).catch((e: unknown) => setError(CallClientError.from(e)));
    },
  };
}
