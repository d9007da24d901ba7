/**
 * The one media hook both apps build on (the point's `usePointMedia`, the console's
 * `useSpecialistMedia`): a `MediaSession` for one room, the visit's, with
 *  - the sources an app publishes before the join, each on its own: a missing camera still lets
 *    the person talk, and vice versa; a source that cannot be opened is a device problem in words;
 *  - the remote tracks, the quality figures and the session's state followed for the screen;
 *  - mute and camera off, and the local sources an app adds, takes down or moves to another device;
 *  - the call's level (a weak network steps it down by itself) for this side and the others, and
 *    audio only chosen by hand;
 *  - errors for the screen, cleared once the session says it has recovered (or has joined).
 * Network drops are the media session's own business (call-client's media module): it retries a cut
 * join and publishes again whatever a drop cut; this hook does nothing of its own for them. A new
 * room, a new client or unmounting leaves the room and stops the local tracks.
 */
import {
  CallClientError,
  type CallLevelState,
  MediaSession,
  type MediaSessionState,
  openTrack,
  type RemoteTrack,
  type SignalingClient,
} from '@etapiste/call-client';
import type { MediaSource, ParticipantQuality } from '@etapiste/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type DeviceProblem, deviceProblemOf } from './device-problem.js';

/** What the hook uses of a media session: `MediaSession` itself, or a stand-in in tests. */
export type CallMediaSession = Pick<
  MediaSession,
  | 'on'
  | 'grant'
  | 'remoteTracks'
  | 'localTrack'
  | 'publish'
  | 'replaceTrack'
  | 'unpublish'
  | 'setMuted'
  | 'join'
  | 'leave'
  | 'connectionInfo'
> &
  // Stand-ins of older tests need not know call levels: without them the call stays at full.
  Partial<Pick<MediaSession, 'setAudioOnly'>>;

const FULL: CallLevelState = { level: 'full', cause: 'network' };

export type LocalTracks = Partial<Record<MediaSource, MediaStreamTrack>>;
export type DeviceProblems = Partial<Record<MediaSource, DeviceProblem>>;

export interface CallMediaOptions {
  /** The room to be in (the visit's id); undefined: none, or leave the one joined. */
  roomId: string | undefined;
  /** Opened and published before the join, in this order. */
  publish: readonly MediaSource[];
  /** Opens a source's track; by default the browser's default device. */
  open?: (source: MediaSource) => Promise<MediaStreamTrack>;
  /** The sources are published (or said to be a problem) and the join starts. */
  onJoining?: () => void;
  /** The room refused the join (the error is also in `error`). */
  onJoinFailed?: () => void;
  /** The room was left: a new room, a new client, or unmounted. */
  onLeft?: () => void;
  /** Makes the session; tests hand in a stand-in. */
  createSession?: (client: SignalingClient) => CallMediaSession;
}

export interface CallMedia {
  state: MediaSessionState;
  remote: RemoteTrack[];
  /** This end's published tracks by source. */
  local: LocalTracks;
  micMuted: boolean;
  cameraOff: boolean;
  quality: ParticipantQuality[];
  participantId: string | undefined;
  /** Sources that could not be opened or published, and why. */
  problems: DeviceProblems;
  error: CallClientError | undefined;
  /** This side's call level and why (a weak network, or audio only chosen). */
  level: CallLevelState;
  /** The others' call levels as they announced them, by participant id; absent: full. */
  peerLevels: Readonly<Record<string, CallLevelState>>;
  audioOnly: boolean;
  /** Audio only by hand: no video sent or received; the others are told. */
  setAudioOnly(on: boolean): void;
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Opens and publishes one more source (document camera, screen), or takes it down without `open`. */
  share(source: MediaSource, open?: () => Promise<MediaStreamTrack>): Promise<void>;
  /** Moves a published source to another device. */
  replace(source: MediaSource, open: () => Promise<MediaStreamTrack>): Promise<void>;
  /** The live session, for what an app asks of it beyond this (the point's connection check). */
  mediaSession(): CallMediaSession | undefined;
}

const ALL_SOURCES = ['camera', 'microphone', 'document-camera', 'screen'] as const satisfies readonly MediaSource[];

export function useCallMedia(client: SignalingClient | undefined, options: CallMediaOptions): CallMedia {
  const media = useRef<CallMediaSession>(undefined);
  // Options are read when they are used, so an app need not keep its callbacks stable.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const [state, setState] = useState<MediaSessionState>('idle');
  const [remote, setRemote] = useState<RemoteTrack[]>([]);
  const [local, setLocalTracks] = useState<LocalTracks>({});
  const [micMuted, setMicMutedState] = useState(false);
  const [cameraOff, setCameraOffState] = useState(false);
  const [quality, setQuality] = useState<ParticipantQuality[]>([]);
  const [problems, setProblems] = useState<DeviceProblems>({});
  const [error, setError] = useState<CallClientError>();
  const [level, setLevel] = useState<CallLevelState>(FULL);
  const [peerLevels, setPeerLevels] = useState<Record<string, CallLevelState>>({});
  const [audioOnly, setAudioOnlyState] = useState(false);

  const setLocal = useCallback((source: MediaSource, track: MediaStreamTrack | undefined) => {
    setLocalTracks((tracks) => ({ ...tracks, [source]: track }));
  }, []);
  const setProblem = useCallback((source: MediaSource, problem: DeviceProblem | undefined) => {
    setProblems((p) => ({ ...p, [source]: problem }));
  }, []);

  const { roomId } = options;

  useEffect(() => {
    if (!client || !roomId) return;
    const { createSession = (c: SignalingClient) => new MediaSession(c) } = latest.current;
    const session = createSession(client);
    media.current = session;
    let gone = false;
    const refresh = () => !gone && setRemote(session.remoteTracks);
    session.on('state', (s) => !gone && setState(s));
    session.on('track-added', refresh);
    session.on('track-removed', refresh);
    session.on('track-paused', refresh);
    session.on('quality', (q) => !gone && setQuality(q));
    session.on('error', (e) => !gone && setError(e));
    session.on('recovered', () => !gone && setError(undefined));
    session.on('level', (l, cause) => !gone && setLevel({ level: l, cause }));
    session.on('peer-level', (participantId, l, cause) => {
      if (gone) return;
      setPeerLevels((levels) => {
        const { [participantId]: _previous, ...rest } = levels;
        return l === 'full' ? rest : { ...rest, [participantId]: { level: l, cause } };
      });
    });

    const start = async () => {
      const { publish, open = (s: MediaSource) => openTrack(s) } = latest.current;
      for (const source of publish) {
        try {
          const track = await open(source);
          if (gone) {
            track.stop();
            return;
          }
          await session.publish(source, track);
          setLocal(source, track);
        } catch (failure) {
          if (!gone) setProblem(source, deviceProblemOf(failure));
        }
      }
      if (gone) return;
      latest.current.onJoining?.();
      // A join cut by a network drop resolves once the session has joined again by itself; it
      // rejects only on a refusal of the room (or when this effect is gone).
      await session.join({ roomId });
      if (gone) return;
      setError(undefined);
      refresh();
    };
    start().catch((failure: unknown) => {
      if (gone) return;
      setError(CallClientError.from(failure));
      latest.current.onJoinFailed?.();
    });

    return () => {
      gone = true;
      media.current = undefined;
      const tracks = ALL_SOURCES.map((s) => session.localTrack(s));
      void session.leave().finally(() => {
        for (const track of tracks) track?.stop();
      });
      // The next room starts afresh: a new session sends unmuted, with nothing shared yet.
      setState('idle');
      setRemote([]);
      setLocalTracks({});
      setMicMutedState(false);
      setCameraOffState(false);
      setQuality([]);
      setProblems({});
      setLevel(FULL);
      setPeerLevels({});
      setAudioOnlyState(false);
      latest.current.onLeft?.();
    };
  }, [client, roomId, setLocal, setProblem]);

  const mediaSession = useCallback(() => media.current, []);
  const mute = (source: 'microphone' | 'camera', muted: boolean) => {
    media.current?.setMuted(source, muted).catch((e: unknown) => setError(CallClientError.from(e)));
  };

  return {
    state,
    remote,
    local,
    micMuted,
    cameraOff,
    quality,
    participantId: media.current?.grant?.participantId,
    problems,
    error,
    level,
    peerLevels,
    audioOnly,
    setAudioOnly(on) {
      setAudioOnlyState(on);
      media.current?.setAudioOnly?.(on).catch((e: unknown) => setError(CallClientError.from(e)));
    },
    setMicMuted(muted) {
      setMicMutedState(muted);
      mute('microphone', muted);
    },
    setCameraOff(off) {
      setCameraOffState(off);
      mute('camera', off);
    },
    async share(source, open) {
      const session = media.current;
      if (!session) return;
      try {
        if (open) {
          const track = await open();
          await session.publish(source, track);
          setLocal(source, track);
          setProblem(source, undefined);
        } else {
          await session.unpublish(source);
          setLocal(source, undefined);
        }
      } catch (failure) {
        setProblem(source, deviceProblemOf(failure));
      }
    },
    async replace(source, open) {
      try {
        const track = await open();
        await media.current?.replaceTrack(source, track);
        setLocal(source, track);
        setProblem(source, undefined);
      } catch (failure) {
        setProblem(source, deviceProblemOf(failure));
      }
    },
    mediaSession,
  };
}
