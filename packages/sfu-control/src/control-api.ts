/**
 * The SFU control API, one command per route: `POST {controlUrl}/control/v1/{command}` with a
 * JSON body, signed (signature.ts). The answer is an Ack. Payload shapes shared with the browsers
 * (RTP parameters, transports, producers) come from `@etapiste/protocol`.
 */
import {
  ConsumerParams,
  DtlsParameters,
  MediaCapabilitiesResult,
  MediaId,
  MediaKind,
  MediaOk,
  MediaRestartIceResult,
  MediaSource,
  ParticipantId,
  ParticipantInfo,
  ProducerInfo,
  RoomId,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
  TransportParams,
  WireError,
} from '@etapiste/protocol';
import { z } from 'zod';

const InRoom = { roomId: RoomId, participantId: ParticipantId };

/**
 * Rooms linked to the room of a command (a specialist's standby room and the visit's room of their
 * session, docs/media.md "Standby") mirror each other's participants and producers. A command that
 * changed a mirror answers what it changed there, so signaling tells those rooms' members too.
 */
const LinkedRooms = z.array(RoomId);
const MirroredProducer = z.strictObject({ roomId: RoomId, producer: ProducerInfo });
const MirrorsLeft = z.strictObject({ roomId: RoomId, participantIds: z.array(ParticipantId) });
const LinkSide = z.strictObject({
  /** Mirrors already there from an earlier link (a room restarted): gone, told as left. */
  replaced: z.array(ParticipantId),
  /** The other room's participants as mirrored here now, with their producers. */
  joined: z.array(ParticipantInfo),
});

export const sfuControl = {
  capabilities: { request: z.strictObject({}), response: MediaCapabilitiesResult },
  'room.open': {
    request: z.strictObject({ roomId: RoomId, workerIndex: z.number().int().nonnegative().optional() }),
    response: z.strictObject({ roomId: RoomId, workerIndex: z.number().int().nonnegative(), created: z.boolean() }),
  },
  'room.close': { request: z.strictObject({ roomId: RoomId }), response: MediaOk },
  'participant.join': {
    request: z.strictObject({
      ...InRoom,
      rtpCapabilities: RtpCapabilities,
      sources: z.array(MediaSource),
      /**
       * Joined to listen in (a supervisor, or a specialist who also supervises, joining someone
       * else's call): the participant's microphone starts paused whatever the app asks, and only
       * their own resume forwards it (issue 14). Held here, by the membership, so it holds for
       * whichever connection of theirs produces.
       */
      listening: z.boolean().optional(),
    }),
    response: z.strictObject({
      replaced: z.boolean(),
      participants: z.array(ParticipantInfo),
      /** Linked rooms the participant is now mirrored in. */
      linkedRooms: LinkedRooms,
    }),
  },
  'participant.leave': {
    request: z.strictObject(InRoom),
    response: z.strictObject({ left: z.boolean(), mirrorsLeft: z.array(MirrorsLeft) }),
  },
  /** Whether the participant is still a member, and the others' producers (a light resume). */
  'participant.state': {
    request: z.strictObject(InRoom),
    response: z.strictObject({ member: z.boolean(), participants: z.array(ParticipantInfo) }),
  },
  'transport.create': {
    request: z.strictObject({ ...InRoom, direction: TransportDirection, tcpOnly: z.boolean() }),
    response: TransportParams,
  },
  'transport.connect': {
    request: z.strictObject({ ...InRoom, transportId: MediaId, dtlsParameters: DtlsParameters }),
    response: MediaOk,
  },
  'transport.restartIce': {
    request: z.strictObject({ ...InRoom, transportId: MediaId }),
    response: MediaRestartIceResult,
  },
  produce: {
    request: z.strictObject({
      ...InRoom,
      transportId: MediaId,
      kind: MediaKind,
      source: MediaSource,
      rtpParameters: RtpParameters,
      paused: z.boolean(),
    }),
    response: z.strictObject({ producer: ProducerInfo, mirrored: z.array(MirroredProducer) }),
  },
  'producer.set': {
    request: z.strictObject({ ...InRoom, producerId: MediaId, action: z.enum(['pause', 'resume', 'close']) }),
    response: z.strictObject({
      producer: ProducerInfo,
      /** The producer's pipes in linked rooms (each with its own id there). */
      mirrors: z.array(z.strictObject({ roomId: RoomId, producerId: MediaId })),
    }),
  },
  /**
   * Links a specialist's standby room (`roomId`) to the visit's room of their session
   * (`targetRoomId`), both on this node: each room's participants and producers are mirrored into
   * the other (pipes between the routers) and the standby producers are no longer held. CONFLICT
   * when the target is not on this node (signaling moves the standby room to it).
   *
   * `pending` (an offer rings): the mirrors are made but nothing flows — the standby producers
   * stay held and the specialist's consumers of the visit's producers stay paused whatever the
   * client asks (remembered as wanted) — so that both pages create their consumers before the
   * accept. CONFLICT when either room is linked already or they are on two routers. A link without
   * `pending` of a pair linked pending *releases* it: the producers let go and the wanted
   * consumers resumed, nothing new to tell (empty sides). Other pending links of either room give
   * way to a link (`mirrorsLeft`).
   */
  'room.link': {
    request: z.strictObject({ roomId: RoomId, targetRoomId: RoomId, pending: z.boolean().optional() }),
    response: z.strictObject({ room: LinkSide, target: LinkSide, mirrorsLeft: z.array(MirrorsLeft).optional() }),
  },
  /**
   * Ends a link: the mirrors go from both rooms, and the standby producers are held again.
   * `pendingOnly`: only while the link is still pending (an offer withdrawn must not end the call
   * an accept of the same pair has started meanwhile).
   */
  'room.unlink': {
    request: z.strictObject({ roomId: RoomId, targetRoomId: RoomId, pendingOnly: z.boolean().optional() }),
    response: z.strictObject({ mirrorsLeft: z.array(MirrorsLeft) }),
  },
  'room.links': { request: z.strictObject({ roomId: RoomId }), response: z.strictObject({ linkedRooms: LinkedRooms }) },
  consume: {
    request: z.strictObject({ ...InRoom, producerId: MediaId, warmUp: z.boolean().optional() }),
    response: ConsumerParams,
  },
  'consumer.resume': { request: z.strictObject({ ...InRoom, consumerId: MediaId }), response: MediaOk },
  'consumer.pause': { request: z.strictObject({ ...InRoom, consumerId: MediaId }), response: MediaOk },
  'consumer.layers': {
    request: z.strictObject({
      ...InRoom,
      consumerId: MediaId,
      spatialLayer: z.number().int().min(0).max(2),
      temporalLayer: z.number().int().min(0).max(2).optional(),
    }),
    response: MediaOk,
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type SfuCommand = keyof typeof sfuControl;
export type SfuRequest<C extends SfuCommand> = z.input<(typeof sfuControl)[C]['request']>;
export type SfuResponse<C extends SfuCommand> = z.output<(typeof sfuControl)[C]['response']>;

export const SfuControlAnswer = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), data: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: WireError }),
]);
