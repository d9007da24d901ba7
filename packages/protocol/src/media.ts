/**
 * Media sessions as the browsers see them: the grants, the RTP/ICE/DTLS shapes, and the Socket.IO
 * payloads between the apps and signaling. See docs/media.md. The control plane between signaling
 * and the SFU nodes (control API, signing, Redis keys and events) is server-only and lives in
 * `@etapiste/sfu-control`, which builds on these shapes.
 *
 * RTP structures follow mediasoup's types. They are checked for shape and size here (a malformed
 * one is VALIDATION_FAILED at the edge); mediasoup checks their meaning (INVALID_RTP_PARAMETERS).
 * Nested RTP objects are loose on purpose: browsers and mediasoup-client versions add fields.
 */
import { z } from 'zod';
import { EntityId } from './domain.js';

// ── sources and grants ─────────────────────────────────────────────────────────────────────────

/** What a participant may publish. The document camera is the point's second camera. */
export const MediaSource = z.enum(['microphone', 'camera', 'document-camera', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;
export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;
export const SOURCE_KIND: Readonly<Record<MediaSource, MediaKind>> = {
  microphone: 'audio',
  camera: 'video',
  'document-camera': 'video',
  screen: 'video',
};

/**
 * `point:<pointId>`, `expert:<userId>`, `interpreter:<userId>` (matched with the specialist) or
 * `supervisor:<userId>` (a supervisor who joined the session, participants.ts): one participant per principal, role and room.
 */
export const ParticipantId = z
  .string()
  .max(60)
  .regex(/^(point|expert|interpreter|supervisor):[a-z][a-z0-9-]*$/);
export type ParticipantId = z.infer<typeof ParticipantId>;

/** A media room is the visit's: it outlives the sessions (transfers) of that visit. */
export const RoomId = EntityId;

/**
 * A specialist's standby room: while they work (available, offered, in a session, wrap-up) their
 * camera and microphone are published here, held (paused) on the SFU and forwarded to no one. A
 * session links it to the visit's room (docs/media.md, "Standby"), so an accept only creates
 * consumers. Only that specialist may join it.
 */
const STANDBY_PREFIX = 'standby-';
export function standbyRoomId(expertId: string): string {
  return `${STANDBY_PREFIX}${expertId}`;
}
/** The specialist whose standby room this is, or undefined for a visit's room. */
export function standbyExpertOf(roomId: string): string | undefined {
  return roomId.startsWith(STANDBY_PREFIX) ? roomId.slice(STANDBY_PREFIX.length) : undefined;
}

export const MediaGrant = z.strictObject({
  roomId: RoomId,
  participantId: ParticipantId,
  role: z.enum(['point', 'expert', 'interpreter', 'supervisor']),
  sources: z.array(MediaSource),
  /** The session the grant comes from (specialists); absent for the point, whose grant is the visit. */
  sessionId: EntityId.optional(),
});
export type MediaGrant = z.infer<typeof MediaGrant>;

// ── RTP / ICE / DTLS shapes ───────────────────────────────────────────────────────────────────

/** The id of a transport, producer or consumer (mediasoup's UUIDs). */
export const MediaId = z.string().min(1).max(64);
const Short = z.string().max(200);
const Params = z.record(z.string().max(60), z.union([z.string().max(200), z.number()]));
const Feedback = z.looseObject({ type: z.string().max(40), parameter: z.string().max(40).optional() });

export const RtpCodecParameters = z.looseObject({
  mimeType: z.string().regex(/^(audio|video)\/[A-Za-z0-9.+-]{1,30}$/),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().max(8).optional(),
  parameters: Params.optional(),
  rtcpFeedback: z.array(Feedback).max(20).optional(),
});
export const RtpEncodingParameters = z.looseObject({
  ssrc: z.number().int().nonnegative().optional(),
  rid: z.string().max(16).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.looseObject({ ssrc: z.number().int().nonnegative() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(20).optional(),
  scaleResolutionDownBy: z.number().positive().optional(),
  maxBitrate: z.number().positive().optional(),
  maxFramerate: z.number().positive().optional(),
});
export const RtpHeaderExtensionParameters = z.looseObject({
  uri: Short,
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: Params.optional(),
});
export const RtpParameters = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecParameters).min(1).max(10),
  headerExtensions: z.array(RtpHeaderExtensionParameters).max(20).optional(),
  encodings: z.array(RtpEncodingParameters).min(1).max(4).optional(),
  rtcp: z.looseObject({ cname: z.string().max(100).optional(), reducedSize: z.boolean().optional() }).optional(),
  msid: z.string().max(200).optional(),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

export const RtpCapabilities = z.looseObject({
  codecs: z
    .array(
      z.looseObject({
        kind: MediaKind,
        mimeType: z.string().max(40),
        clockRate: z.number().int().positive(),
        preferredPayloadType: z.number().int().optional(),
        channels: z.number().int().optional(),
        parameters: Params.optional(),
        rtcpFeedback: z.array(Feedback).max(20).optional(),
      }),
    )
    .max(40)
    .optional(),
  headerExtensions: z
    .array(
      z.looseObject({
        kind: MediaKind,
        uri: Short,
        preferredId: z.number().int(),
        preferredEncrypt: z.boolean().optional(),
        direction: z.string().max(20).optional(),
      }),
    )
    .max(40)
    .optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const DtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.looseObject({ algorithm: z.string().max(20), value: z.string().max(200) }))
    .min(1)
    .max(8),
});
export const IceParameters = z.looseObject({
  usernameFragment: Short,
  password: Short,
  iceLite: z.boolean().optional(),
});
export const IceCandidate = z.looseObject({
  foundation: Short,
  priority: z.number(),
  address: Short,
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.string().max(10),
  tcpType: z.string().max(10).optional(),
});

export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

/** What a browser needs to build its side of a WebRtcTransport. */
export const TransportParams = z.strictObject({
  transportId: MediaId,
  direction: TransportDirection,
  iceParameters: IceParameters,
  iceCandidates: z.array(IceCandidate),
  dtlsParameters: DtlsParameters,
});
export type TransportParams = z.infer<typeof TransportParams>;

export const IceServer = z.strictObject({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const ProducerInfo = z.strictObject({
  producerId: MediaId,
  participantId: ParticipantId,
  source: MediaSource,
  kind: MediaKind,
  paused: z.boolean(),
});
export type ProducerInfo = z.infer<typeof ProducerInfo>;

export const ParticipantInfo = z.strictObject({
  participantId: ParticipantId,
  producers: z.array(ProducerInfo),
});
export type ParticipantInfo = z.infer<typeof ParticipantInfo>;

export const ConsumerParams = z.strictObject({
  consumerId: MediaId,
  producerId: MediaId,
  participantId: ParticipantId,
  source: MediaSource,
  kind: MediaKind,
  rtpParameters: RtpParameters,
  /** Always true: consumers start paused and the client resumes them when its side is ready. */
  paused: z.boolean(),
  /** `simulcast` consumers follow `media:consumer:layers`. */
  type: z.string().max(20),
  producerPaused: z.boolean(),
});
export type ConsumerParams = z.infer<typeof ConsumerParams>;

export const ParticipantQuality = z.strictObject({
  participantId: ParticipantId,
  /** What the SFU receives from this participant, bits per second. */
  sendBitrate: z.number().nonnegative(),
  /** What the SFU sends to this participant, bits per second. */
  recvBitrate: z.number().nonnegative(),
  /** Packet loss of this participant's uplink, percent. */
  lossPct: z.number().min(0).max(100),
  /** Round-trip time between the SFU and this participant, ms; absent until measured. */
  rttMs: z.number().nonnegative().optional(),
  /** mediasoup's stream score (0 bad … 10 perfect), worst of the participant's producers. */
  score: z.number().min(0).max(10).optional(),
});
export type ParticipantQuality = z.infer<typeof ParticipantQuality>;

/**
 * How much of a call a participant sends and receives, from most to least (docs/media.md, "Poor
 * networks"): everything; cameras at their lowest simulcast layer; the document camera (or a
 * shared screen) at a low frame rate with the face camera off; audio only.
 */
export const CallLevel = z.enum(['full', 'low-video', 'documents', 'audio']);
export type CallLevel = z.infer<typeof CallLevel>;
/** Why: the measured network (`network`), or the participant chose audio only (`chosen`). */
export const CallLevelCause = z.enum(['network', 'chosen']);
export type CallLevelCause = z.infer<typeof CallLevelCause>;

// ── app ↔ signaling payloads (registered in events.ts) ─────────────────────────────────────────

const RoomRef = { roomId: RoomId };

export const MediaCapabilitiesResult = z.strictObject({ routerRtpCapabilities: RtpCapabilities });

export const MediaJoin = z.strictObject({
  ...RoomRef,
  rtpCapabilities: RtpCapabilities,
  /** Transports to create at once (fast start saves a round trip each). */
  transports: z.array(TransportDirection).max(2).default(['send', 'recv']),
  /** Offer only TCP candidates (networks that drop UDP; also the TCP-only tests). */
  tcpOnly: z.boolean().default(false),
});
export const MediaJoinResult = z.strictObject({
  grant: MediaGrant,
  routerRtpCapabilities: RtpCapabilities,
  transports: z.array(TransportParams),
  iceServers: z.array(IceServer),
  /** The others in the room and what they publish now. */
  participants: z.array(ParticipantInfo),
});
export type MediaJoinResult = z.infer<typeof MediaJoinResult>;

export const MediaTransportCreate = z.strictObject({
  ...RoomRef,
  direction: TransportDirection,
  tcpOnly: z.boolean().default(false),
});
export const MediaTransportConnect = z.strictObject({
  ...RoomRef,
  transportId: MediaId,
  dtlsParameters: DtlsParameters,
});
export const MediaTransportRef = z.strictObject({ ...RoomRef, transportId: MediaId });
export const MediaRestartIceResult = z.strictObject({ iceParameters: IceParameters });
export const MediaProduce = z.strictObject({
  ...RoomRef,
  transportId: MediaId,
  kind: MediaKind,
  source: MediaSource,
  rtpParameters: RtpParameters,
  paused: z.boolean().default(false),
});
export const MediaProduceResult = z.strictObject({ producerId: MediaId });
export const MediaProducerSet = z.strictObject({
  ...RoomRef,
  producerId: MediaId,
  action: z.enum(['pause', 'resume', 'close']),
});
export const MediaConsume = z.strictObject({
  ...RoomRef,
  producerId: MediaId,
  /**
   * Connects the caller's receive transport before anyone else is there to consume: a consumer of
   * the caller's own producer, created paused and never resumed (nothing flows), one per receive
   * transport. Without it the transport's DTLS handshake would happen at the first real consume:
   * at the accept, in front of the first picture.
   */
  warmUp: z.boolean().optional(),
});
export const MediaConsumerRef = z.strictObject({ ...RoomRef, consumerId: MediaId });
export const MediaConsumerLayers = z.strictObject({
  ...RoomRef,
  consumerId: MediaId,
  spatialLayer: z.number().int().min(0).max(2),
  temporalLayer: z.number().int().min(0).max(2).optional(),
});
/** The caller's own call level, for the room's others to be told (`media:level`). */
export const MediaLevelSet = z.strictObject({ ...RoomRef, level: CallLevel, cause: CallLevelCause });
export const MediaRoomRef = z.strictObject(RoomRef);
/** After a signaling reconnect: the media never stopped; rejoin the room's pushes and catch up. */
export const MediaResumeResult = z.strictObject({ participants: z.array(ParticipantInfo) });
export const MediaOk = z.strictObject({});

// ── signaling → app pushes (registered in events.ts) ──────────────────────────────────────────

export const MediaParticipantEvent = z.strictObject({ ...RoomRef, participantId: ParticipantId });
export const MediaProducerAdded = z.strictObject({ ...RoomRef, producer: ProducerInfo });
export const MediaProducerRemoved = z.strictObject({ ...RoomRef, participantId: ParticipantId, producerId: MediaId });
export const MediaProducerPaused = z.strictObject({
  ...RoomRef,
  participantId: ParticipantId,
  producerId: MediaId,
  paused: z.boolean(),
});
export const MediaSpeaker = z.strictObject({ ...RoomRef, participantId: ParticipantId.nullable() });
export const MediaQuality = z.strictObject({ ...RoomRef, participants: z.array(ParticipantQuality) });
/** A participant's call level changed (relayed from its `media:level:set`). */
export const MediaLevelChanged = z.strictObject({
  ...RoomRef,
  participantId: ParticipantId,
  level: CallLevel,
  cause: CallLevelCause,
});
/** The room's media was lost (worker or node gone) and set up again: join again, no re-queueing. */
export const MediaRoomRestarted = z.strictObject({ ...RoomRef, reason: z.enum(['worker-died', 'node-lost']) });
/** The caller's grant for the room ended (session over, visit closed, joined from elsewhere). */
export const MediaRevoked = z.strictObject({ ...RoomRef, reason: z.enum(['session-ended', 'replaced', 'left']) });
