/**
 * The point's media for one visit (fast start), on the shared base hook (`@etapiste/ui`'s
 * useCallMedia): from the device check on, the customer camera and the microphone are published
 * into the visit's room while the customer waits, so the call starts as soon as the specialist
 * accepts. The room is the visit's, so it stays up through a transfer; a reload joins it again.
 * What the point adds: the remembered devices and choosing others, the document camera and screen
 * share, and the device check's connection test (the send transport connecting to the SFU proves
 * the path, UDP or TCP, works).
 */
import { type ConnectionState, listDevices, openTrack, type SignalingClient } from '@etapiste/call-client';
import type { MediaSource } from '@etapiste/protocol';
import { type CallMedia, useCallMedia } from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import { type DeviceChoice, visitStorage } from '../visit/visit-storage.js';

export type ConnectionCheck = 'idle' | 'checking' | 'ok' | 'failed';

export interface PointMedia extends Omit<CallMedia, 'local' | 'share' | 'replace' | 'mediaSession'> {
  camera: MediaStreamTrack | undefined;
  microphone: MediaStreamTrack | undefined;
  documentCamera: MediaStreamTrack | undefined;
  screen: MediaStreamTrack | undefined;
  connectionCheck: ConnectionCheck;
  /** `udp` or `tcp` once the check has passed. */
  connectionProtocol: string | undefined;
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  choice: DeviceChoice;
  chooseCamera(deviceId: string): Promise<void>;
  chooseMicrophone(deviceId: string): Promise<void>;
  chooseDocumentCamera(deviceId: string | undefined): void;
  setDocumentCameraOn(on: boolean): Promise<void>;
  setScreenShared(on: boolean): Promise<void>;
  recheck(): void;
}

/** How long the connection check waits for the transport to connect before calling it a problem. */
const CHECK_TIMEOUT_MS = 12_000;

/** Without a camera the customer can still talk, and vice versa: each is published on its own. */
const PUBLISHED = ['camera', 'microphone'] as const;

/** The remembered device of a source; one that is gone gives way to the default rather than none. */
function openRemembered(source: MediaSource): Promise<MediaStreamTrack> {
  const chosen = visitStorage.devices();
  const deviceId = source === 'camera' ? chosen.cameraId : source === 'microphone' ? chosen.microphoneId : undefined;
  return openTrack(source, deviceId).catch(() => openTrack(source));
}

export function usePointMedia(
  client: SignalingClient | undefined,
  connection: ConnectionState,
  visitId: string | undefined,
  active: boolean,
): PointMedia {
  const [connectionCheck, setConnectionCheck] = useState<ConnectionCheck>('idle');
  const [connectionProtocol, setConnectionProtocol] = useState<string>();
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const [choice, setChoice] = useState<DeviceChoice>(() => visitStorage.devices());
  const [checkRound, setCheckRound] = useState(0);
  // Start once the connection is up; a later reconnect is the media session's own business.
  const started = useRef(false);
  const joinable = Boolean(client && visitId && active && (connection === 'connected' || started.current));
  const roomId = joinable ? visitId : undefined;
  useEffect(() => {
    started.current = roomId !== undefined;
  }, [roomId]);

  const { local, share, replace, mediaSession, ...media } = useCallMedia(client, {
    roomId,
    publish: PUBLISHED,
    open: openRemembered,
    onJoining() {
      // Labels of devices are readable only once a device has been opened.
      listDevices()
        .then((devices) => {
          setCameras(devices.cameras);
          setMicrophones(devices.microphones);
        })
        .catch(() => undefined);
      setConnectionCheck('checking');
    },
    onJoinFailed: () => setConnectionCheck('failed'),
    onLeft() {
      setConnectionCheck('idle');
      setConnectionProtocol(undefined);
    },
  });

  // The connection check: the send transport connects to the SFU once the camera is produced.
  // biome-ignore lint/correctness/useExhaustiveDependencies: checkRound re-runs the check on demand.
  useEffect(() => {
    if (media.state !== 'joined' && media.state !== 'recovering') return;
    let gone = false;
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    setConnectionCheck('checking');
    const poll = async () => {
      while (!gone && Date.now() < deadline) {
        const info = await mediaSession()
          ?.connectionInfo()
          .catch(() => []);
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
      if (!gone) setConnectionCheck(mediaSession()?.localTrack('camera') ? 'failed' : 'ok');
    };
    void poll();
    return () => {
      gone = true;
    };
  }, [media.state === 'joined', checkRound]);

  const remember = (next: DeviceChoice) => {
    setChoice(next);
    visitStorage.setDevices(next);
  };

  return {
    ...media,
    camera: local.camera,
    microphone: local.microphone,
    documentCamera: local['document-camera'],
    screen: local.screen,
    connectionCheck,
    connectionProtocol,
    cameras,
    microphones,
    choice,
    async chooseCamera(deviceId) {
      remember({ ...choice, cameraId: deviceId });
      await replace('camera', () => openTrack('camera', deviceId));
    },
    async chooseMicrophone(deviceId) {
      remember({ ...choice, microphoneId: deviceId });
      await replace('microphone', () => openTrack('microphone', deviceId));
    },
    chooseDocumentCamera(deviceId) {
      const { documentCameraId: _previous, ...rest } = choice;
      remember(deviceId ? { ...rest, documentCameraId: deviceId } : rest);
    },
    setDocumentCameraOn: (on) =>
      share('document-camera', on ? () => openTrack('document-camera', choice.documentCameraId) : undefined),
    setScreenShared: (on) =>
      share(
        'screen',
        on
          ? async () => {
              const track = await openTrack('screen');
              // Stopped from the browser's own "stop sharing" bar.
              track.addEventListener('ended', () => void share('screen'));
              return track;
            }
          : undefined,
      ),
    recheck() {
      setCheckRound((n) => n + 1);
    },
  };
}
