/**
 * The point's media for one visit (fast start): from the device check on, the microphone and the
 * customer camera are published into the visit's room while the customer waits, so the call
 * starts as soon as the specialist accepts. The room is the visit's, so it stays up through a
 * transfer; a reload joins it again. Also the device check's connection test: the send transport
 * connecting to the SFU proves the path (UDP or TCP) works.
 */
import {
  CallClientError,
  type ConnectionState,
  listDevices,
  MediaSession,
  type MediaSessionState,
  openTrack,
  type RemoteTrack,
  type SignalingClient,
} from '@etapiste/call-client';
import type { MediaSource, ParticipantQuality } from '@etapiste/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type DeviceChoice, visitStorage } from '../visit/visit-storage.js';
import { type DeviceProblem, deviceProblemOf } from './device-problem.js';

export type ConnectionCheck = 'idle' | 'checking' | 'ok' | 'failed';

export interface PointMedia {
  state: MediaSessionState;
  remote: RemoteTrack[];
  camera: MediaStreamTrack | undefined;
  microphone: MediaStreamTrack | undefined;
  documentCamera: MediaStreamTrack | undefined;
  screen: MediaStreamTrack | undefined;
  micMuted: boolean;
  cameraOff: boolean;
  quality: ParticipantQuality[];
  participantId: string | undefined;
  connectionCheck: ConnectionCheck;
  /** `udp` or `tcp` once the check has passed. */
  connectionProtocol: string | undefined;
  problems: Partial<Record<'camera' | 'microphone' | 'document-camera' | 'screen', DeviceProblem>>;
  error: CallClientError | undefined;
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  choice: DeviceChoice;
  chooseCamera(deviceId: string): Promise<void>;
  chooseMicrophone(deviceId: string): Promise<void>;
  chooseDocumentCamera(deviceId: string | undefined): void;
  setMicMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  setDocumentCameraOn(on: boolean): Promise<void>;
  setScreenShared(on: boolean): Promise<void>;
  recheck(): void;
}

/** How long the connection check waits for the transport to connect before calling it a problem. */
const CHECK_TIMEOUT_MS = 12_000;

export function usePointMedia(
  client: SignalingClient | undefined,
  connection: ConnectionState,
  visitId: string | undefined,
  active: boolean,
): PointMedia {
  const media = useRef<MediaSession>(undefined);
  const [state, setState] = useState<MediaSessionState>('idle');
  const [remote, setRemote] = useState<RemoteTrack[]>([]);
  const [camera, setCamera] = useState<MediaStreamTrack>();
  const [microphone, setMicrophone] = useState<MediaStreamTrack>();
  const [documentCamera, setDocumentCamera] = useState<MediaStreamTrack>();
  const [screen, setScreen] = useState<MediaStreamTrack>();
  const [micMuted, setMicMutedState] = useState(false);
  const [cameraOff, setCameraOffState] = useState(false);
  const [quality, setQuality] = useState<ParticipantQuality[]>([]);
  const [connectionCheck, setConnectionCheck] = useState<ConnectionCheck>('idle');
  const [connectionProtocol, setConnectionProtocol] = useState<string>();
  const [problems, setProblems] = useState<PointMedia['problems']>({});
  const [error, setError] = useState<CallClientError>();
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const [choice, setChoice] = useState<DeviceChoice>(() => visitStorage.devices());
  const [checkRound, setCheckRound] = useState(0);
  const ready = connection === 'connected';
  // Start once the connection is up; a later reconnect is the media session's own business.
  const started = useRef(false);
  const canStart = Boolean(client && visitId && active && (ready || started.current));

  const problem = useCallback((source: keyof PointMedia['problems'], failure: unknown) => {
    setProblems((p) => ({ ...p, [source]: deviceProblemOf(failure) }));
  }, []);

  useEffect(() => {
    if (!canStart || !client || !visitId) return;
    started.current = true;
    const session = new MediaSession(client);
    media.current = session;
    let gone = false;
    const refresh = () => !gone && setRemote(session.remoteTracks);
    session.on('state', (s) => !gone && setState(s));
    session.on('track-added', refresh);
    session.on('track-removed', refresh);
    session.on('track-paused', refresh);
    session.on('quality', (q) => !gone && setQuality(q));
    // Drops are the media session's own business: it retries a cut join and publishes again
    // whatever a drop cut (call-client media-session.ts); what reaches here is for the screen.
    session.on('error', (e) => !gone && setError(e));
    session.on('recovered', () => !gone && setError(undefined));

    const start = async () => {
      const chosen = visitStorage.devices();
      setProblems({});
      // Each source on its own: without a camera the customer can still talk, and vice versa.
      for (const source of ['camera', 'microphone'] as const) {
        try {
          const track = await openTrack(source, source === 'camera' ? chosen.cameraId : chosen.microphoneId).catch(
            // A remembered device that is gone: take the default one rather than none.
            () => openTrack(source),
          );
          if (gone) {
            track.stop();
            return;
          }
          await session.publish(source, track);
          if (source === 'camera') setCamera(track);
          else setMicrophone(track);
        } catch (failure) {
          if (!gone) problem(source, failure);
        }
      }
      // Labels of devices are readable only once a device has been opened.
      listDevices()
        .then((devices) => {
          if (gone) return;
          setCameras(devices.cameras);
          setMicrophones(devices.microphones);
        })
        .catch(() => undefined);
      if (gone) return;
      setConnectionCheck('checking');
      // A join cut by a network drop resolves once the session has joined again by itself; it
      // rejects only on a refusal of the room (or when this effect is gone).
      await session.join({ roomId: visitId });
      if (gone) return;
      setError(undefined);
      refresh();
    };
    start().catch((failure: unknown) => {
      if (gone) return;
      setError(CallClientError.from(failure));
      setConnectionCheck('failed');
    });

    return () => {
      gone = true;
      started.current = false;
      media.current = undefined;
      const tracks = (['camera', 'microphone', 'document-camera', 'screen'] as MediaSource[]).map((s) =>
        session.localTrack(s),
      );
      void session.leave().finally(() => {
        for (const track of tracks) track?.stop();
      });
      setState('idle');
      setRemote([]);
      setCamera(undefined);
      setMicrophone(undefined);
      setDocumentCamera(undefined);
      setScreen(undefined);
      setConnectionCheck('idle');
      setConnectionProtocol(undefined);
      setQuality([]);
    };
  }, [canStart, client, visitId, problem]);

  // The connection check: the send transport connects to the SFU once the camera is produced.
  // biome-ignore lint/correctness/useExhaustiveDependencies: checkRound re-runs the check on demand.
  useEffect(() => {
    if (state !== 'joined' && state !== 'recovering') return;
    let gone = false;
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    setConnectionCheck('checking');
    const poll = async () => {
      while (!gone && Date.now() < deadline) {
        const info = await media.current?.connectionInfo().catch(() => []);
        const send = info?.find((t) => t.direction === 'send');
        const recv = info?.find((t) => t.direction === 'recv');
        const connected = [send, recv].find((t) => t?.state === 'connected');
        // Without a camera or a microphone nothing is sent: the receive side proves the path then.
        if (connected) {
          if (!gone) {
            setConnectionCheck('ok');
            setConnectionProtocol(connected.protocol);
          }
          return;
        }
        if (!send && !recv && !gone) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!gone) setConnectionCheck(media.current?.localTrack('camera') ? 'failed' : 'ok');
    };
    void poll();
    return () => {
      gone = true;
    };
  }, [state === 'joined', checkRound]);

  const remember = (next: DeviceChoice) => {
    setChoice(next);
    visitStorage.setDevices(next);
  };

  return {
    state,
    remote,
    camera,
    microphone,
    documentCamera,
    screen,
    micMuted,
    cameraOff,
    quality,
    participantId: media.current?.grant?.participantId,
    connectionCheck,
    connectionProtocol,
    problems,
    error,
    cameras,
    microphones,
    choice,
    async chooseCamera(deviceId) {
      remember({ ...choice, cameraId: deviceId });
      try {
        const track = await openTrack('camera', deviceId);
        await media.current?.replaceTrack('camera', track);
        setCamera(track);
        setProblems((p) => ({ ...p, camera: undefined }));
      } catch (failure) {
        problem('camera', failure);
      }
    },
    async chooseMicrophone(deviceId) {
      remember({ ...choice, microphoneId: deviceId });
      try {
        const track = await openTrack('microphone', deviceId);
        await media.current?.replaceTrack('microphone', track);
        setMicrophone(track);
        setProblems((p) => ({ ...p, microphone: undefined }));
      } catch (failure) {
        problem('microphone', failure);
      }
    },
    chooseDocumentCamera(deviceId) {
      const { documentCameraId: _previous, ...rest } = choice;
      remember(deviceId ? { ...rest, documentCameraId: deviceId } : rest);
    },
    setMicMuted(muted) {
      setMicMutedState(muted);
      media.current?.setMuted('microphone', muted).catch((e: unknown) => setError(CallClientError.from(e)));
    },
    setCameraOff(off) {
      setCameraOffState(off);
      media.current?.setMuted('camera', off).catch((e: unknown) => setError(CallClientError.from(e)));
    },
    async setDocumentCameraOn(on) {
      const session = media.current;
      if (!session) return;
      try {
        if (on) {
          const track = await openTrack('document-camera', choice.documentCameraId);
          await session.publish('document-camera', track);
          setDocumentCamera(track);
          setProblems((p) => ({ ...p, 'document-camera': undefined }));
        } else {
          await session.unpublish('document-camera');
          setDocumentCamera(undefined);
        }
      } catch (failure) {
        problem('document-camera', failure);
      }
    },
    async setScreenShared(on) {
      const session = media.current;
      if (!session) return;
      try {
        if (on) {
          const track = await openTrack('screen');
          // Stopped from the browser's own "stop sharing" bar.
          track.addEventListener('ended', () => {
            void session.unpublish('screen');
            setScreen(undefined);
          });
          await session.publish('screen', track);
          setScreen(track);
          setProblems((p) => ({ ...p, screen: undefined }));
        } else {
          await session.unpublish('screen');
          setScreen(undefined);
        }
      } catch (failure) {
        problem('screen', failure);
      }
    },
    recheck() {
      setCheckRound((n) => n + 1);
    },
  };
}
