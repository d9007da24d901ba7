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

export const sfuControl = {
  capabilities: { request: z.strictObject({}), response: MediaCapabilitiesResult },
  'room.open': {
    request: z.strictObject({ roomId: RoomId, workerIndex: z.number().int().nonnegative().optional() }),
    response: z.strictObject({ roomId: RoomId, workerIndex: z.number().int().nonnegative(), created: z.boolean() }),
  },
  'room.close': { request: z.strictObject({ roomId: RoomId }), response: MediaOk },
  'participant.join': {
    request: z.strictObject({ ...InRoom, rtpCapabilities: RtpCapabilities, sources: z.array(MediaSource) }),
    response: z.strictObject({ replaced: z.boolean(), participants: z.array(ParticipantInfo) }),
  },
  'participant.leave': { request: z.strictObject(InRoom), response: z.strictObject({ left: z.boolean() }) },
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
    response: z.strictObject({ producer: ProducerInfo }),
  },
  'producer.set': {
    request: z.strictObject({ ...InRoom, producerId: MediaId, action: z.enum(['pause', 'resume', 'close']) }),
    response: z.strictObject({ producer: ProducerInfo }),
  },
  consume: { request: z.strictObject({ ...InRoom, producerId: MediaId }), response: ConsumerParams },
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
