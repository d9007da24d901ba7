/** SFU → signaling events over Redis pub/sub (`mediaKeys.events`). */
import { ParticipantId, ParticipantQuality, RoomId } from '@etapiste/protocol';
import { z } from 'zod';

/** Published by SFU nodes on `<prefix>media:events`; every signaling process forwards to its own sockets. */
export const SfuEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('speaker'), roomId: RoomId, participantId: ParticipantId.nullable() }),
  z.strictObject({ type: z.literal('quality'), roomId: RoomId, participants: z.array(ParticipantQuality) }),
  z.strictObject({ type: z.literal('room-restarted'), roomId: RoomId, nodeId: z.string(), workerIndex: z.number() }),
  z.strictObject({ type: z.literal('room-closed'), roomId: RoomId, nodeId: z.string() }),
]);
export type SfuEvent = z.infer<typeof SfuEvent>;
