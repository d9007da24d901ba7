/**
 * The media session's public types, in one place (as mediasoup's `types.ts`): what it needs of
 * the signaling connection, what it tells the app, and what the app passes in.
 */
import type {
  CallLevel,
  CallLevelCause,
  ClientEventName,
  ClientPayload,
  ClientResult,
  MediaKind,
  MediaSource,
  ParticipantId,
  ParticipantQuality,
  ServerEventName,
  ServerToClientEvents,
} from '@etapiste/protocol';
import type { Device } from 'mediasoup-client';
import type { CallClientError } from '../errors.js';
import type { ConnectionState } from '../signaling-client.js';
import type { RecoveryAction } from './reconnection.js';

/** What the media session needs of the signaling connection (SignalingClient has it). */
export interface MediaSignaling {
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;
  on<E extends ServerEventName>(event: E, listener: ServerToClientEvents[E]): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  /** The connection's state now (SignalingClient has it): a join started offline waits for it. */
  readonly state?: ConnectionState;
}

/** Options of the mediasoup-client Device (tests give a fake handler; browsers detect theirs). */
export type DeviceOptions = NonNullable<Parameters<typeof Device.factory>[0]>;

export type MediaSessionState = 'idle' | 'joining' | 'joined' | 'recovering' | 'left' | 'revoked';

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  participantId: ParticipantId;
  source: MediaSource;
  kind: MediaKind;
  track: MediaStreamTrack;
  /** The sender muted it. */
  producerPaused: boolean;
}

export interface JoinOptions {
  roomId: string;
  /** Only TCP candidates (networks that drop UDP). */
  tcpOnly?: boolean;
  /** `relay` sends everything through TURN. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Send cameras as H.264 (devices whose hardware encodes only that); VP8 simulcast otherwise. */
  preferH264?: boolean;
}

export interface ReceiveStats {
  producerId: string;
  participantId: ParticipantId;
  source: MediaSource;
  kind: MediaKind;
  packetsReceived: number;
  framesDecoded: number;
  frameWidth: number | undefined;
  /** e.g. `video/VP8`, `video/H264`, `audio/opus`. */
  mimeType: string | undefined;
}

export interface TransportInfo {
  direction: 'send' | 'recv';
  state: string;
  /** `udp` or `tcp` of the selected candidate pair; undefined until connected. */
  protocol: string | undefined;
  relayed: boolean;
}

export type MediaSessionEvents = {
  state: [state: MediaSessionState];
  'track-added': [track: RemoteTrack];
  'track-removed': [track: RemoteTrack];
  'track-paused': [track: RemoteTrack];
  'participant-joined': [participantId: ParticipantId];
  'participant-left': [participantId: ParticipantId];
  speaker: [participantId: ParticipantId | null];
  quality: [participants: ParticipantQuality[]];
  /** This side's call level changed (network-adaptation.ts). */
  level: [level: CallLevel, cause: CallLevelCause];
  /** Another participant's call level changed, as they announced it (`full` again when they left). */
  'peer-level': [participantId: ParticipantId, level: CallLevel, cause: CallLevelCause];
  recovering: [action: RecoveryAction];
  recovered: [action: RecoveryAction];
  error: [error: CallClientError];
};
