/**
 * The control API signaling calls (one POST route per command of `sfuControl` in
 * `@etapiste/sfu-control`): signature first (right, in time, never seen before), then the
 * command's schema, then the room operation. Answers are Acks: a refused command carries its
 * coded error in a 200 answer; a request that is not signed is a 401 and one over the body limit a
 * 413, each with its coded Ack too. Every error, Fastify's own included, is mapped once
 * (error-handler.ts).
 */
import { type ParticipantId, ProtocolError, type RtpCapabilities } from '@etapiste/protocol';
import {
  CONTROL_SIGNATURE_HEADER,
  type ControlVerifier,
  type SfuCommand,
  type SfuResponse,
  sfuControl,
} from '@etapiste/sfu-control';
import type { FastifyInstance } from 'fastify';
import type { types } from 'mediasoup';
import type { z } from 'zod';
import type { Room } from '../rooms/room.js';
import type { RoomManager } from '../rooms/room-manager.js';
import { MEDIA_CODECS } from '../workers/media-codecs.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import { controlErrorHandler } from './error-handler.js';

type Request<C extends SfuCommand> = z.output<(typeof sfuControl)[C]['request']>;
type Handlers = { [C in SfuCommand]: (request: Request<C>) => Promise<SfuResponse<C>> };

/** A control request's body is a few kB at most (RTP capabilities); anything far larger is refused unread. */
export const CONTROL_BODY_LIMIT = 64 * 1024;

export interface ControlDeps {
  /** Checks signatures and remembers nonces (replays are refused). */
  verifier: ControlVerifier;
  rooms: RoomManager;
  pool: WorkerPool;
}

export async function controlRoutes(app: FastifyInstance, deps: ControlDeps): Promise<void> {
  const { rooms } = deps;
  let capabilities: RtpCapabilities | undefined;
  const pid = (id: string) => id as ParticipantId;

  const handlers: Handlers = {
    // Every router has the same codecs, so one throwaway router answers for all: clients can
    // load their Device before they know their room (fast start).
    capabilities: async () => {
      if (!capabilities) {
        const slot = deps.pool.slots()[0];
        if (!slot) throw new ProtocolError('UNAVAILABLE');
        const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
        capabilities = router.rtpCapabilities as RtpCapabilities;
        router.close();
      }
      return { routerRtpCapabilities: capabilities };
    },
    'room.open': async ({ roomId, workerIndex }) => {
      const { room, created } = await rooms.open(roomId, workerIndex);
      return { roomId, workerIndex: room.workerIndex, created };
    },
    'room.close': async ({ roomId }) => {
      rooms.closeRoom(roomId);
      return {};
    },
    'room.link': async ({ roomId, targetRoomId, pending }) => {
      const [room, target] = [rooms.get(roomId), rooms.get(targetRoomId)];
      return rooms.links.link(room, target, pending === true);
    },
    'room.unlink': async ({ roomId, targetRoomId, pendingOnly }) => ({
      mirrorsLeft:
        pendingOnly && !rooms.links.isPending(roomId, targetRoomId)
          ? []
          : await rooms.links.unlink(roomId, targetRoomId),
    }),
    'room.links': async ({ roomId }) => ({ linkedRooms: rooms.links.linked(roomId) }),
    'participant.join': async ({ roomId, participantId, rtpCapabilities, sources, listening }) => {
      const { room } = await rooms.open(roomId);
      const joined = room.join(
        pid(participantId),
        rtpCapabilities as types.RtpCapabilities,
        sources,
        listening === true,
      );
      const participant = room.participants.get(pid(participantId));
      const linkedRooms = participant ? rooms.links.mirrorJoin(room, participant) : [];
      return { ...joined, linkedRooms };
    },
    'participant.leave': async ({ roomId, participantId }) => {
      // A room this node no longer has holds nobody: leaving it is done, without opening it again.
      let room: Room;
      try {
        room = rooms.get(roomId);
      } catch {
        return { left: false, mirrorsLeft: [] };
      }
      const participant = room.leave(pid(participantId));
      const mirrorsLeft = participant ? await rooms.links.left(room, participant) : [];
      return { left: participant !== undefined, mirrorsLeft };
    },
    'participant.state': async ({ roomId, participantId }) => {
      const room = rooms.get(roomId);
      return { member: room.participants.has(pid(participantId)), participants: room.others(pid(participantId)) };
    },
    'transport.create': async ({ roomId, participantId, direction, tcpOnly }) =>
      rooms.get(roomId).createTransport(pid(participantId), direction, tcpOnly),
    'transport.connect': async ({ roomId, participantId, transportId, dtlsParameters }) => {
      await rooms.get(roomId).connectTransport(pid(participantId), transportId, dtlsParameters as types.DtlsParameters);
      return {};
    },
    'transport.restartIce': async ({ roomId, participantId, transportId }) => ({
      iceParameters: await rooms.get(roomId).restartIce(pid(participantId), transportId),
    }),
    produce: async ({ roomId, participantId, ...request }) => {
      const room = rooms.get(roomId);
      const producer = await room.produce(pid(participantId), request);
      const owned = room.participants.get(pid(participantId))?.producers.get(producer.producerId);
      const mirrored = owned ? await rooms.links.mirrorProduce(room, pid(participantId), owned) : [];
      return { producer, mirrored };
    },
    'producer.set': async ({ roomId, participantId, producerId, action }) => {
      // Mirrors follow by themselves (a pipe pauses, resumes and closes with its producer); found
      // before a close takes them.
      const mirrors = rooms.links.mirrorsOf(roomId, producerId);
      return { producer: await rooms.get(roomId).setProducer(pid(participantId), producerId, action), mirrors };
    },
    consume: async ({ roomId, participantId, producerId, warmUp }) =>
      rooms.get(roomId).consume(pid(participantId), producerId, warmUp === true),
    'consumer.resume': async ({ roomId, participantId, consumerId }) => {
      await rooms.get(roomId).resumeConsumer(pid(participantId), consumerId);
      return {};
    },
    'consumer.pause': async ({ roomId, participantId, consumerId }) => {
      await rooms.get(roomId).pauseConsumer(pid(participantId), consumerId);
      return {};
    },
    'consumer.layers': async ({ roomId, participantId, consumerId, spatialLayer, temporalLayer }) => {
      await rooms.get(roomId).setConsumerLayers(pid(participantId), consumerId, spatialLayer, temporalLayer);
      return {};
    },
  };

  // The signature covers the exact bytes sent, so the body is kept as text until verified.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: CONTROL_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler(controlErrorHandler);

  for (const command of Object.keys(sfuControl) as SfuCommand[]) {
    app.post(`/control/v1/${command}`, { logLevel: 'warn' }, async (request) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const signature = request.headers[CONTROL_SIGNATURE_HEADER];
      if (!(await deps.verifier.verify(command, body, typeof signature === 'string' ? signature : undefined))) {
        throw new ProtocolError('UNAUTHENTICATED');
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new ProtocolError('VALIDATION_FAILED', { message: 'not JSON' });
      }
      const parsed = sfuControl[command].request.safeParse(json);
      if (!parsed.success) {
        throw new ProtocolError('VALIDATION_FAILED', {
          fields: [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(payload)'))],
        });
      }
      const handler = handlers[command] as (input: unknown) => Promise<unknown>;
      return { ok: true, data: await handler(parsed.data) };
    });
  }
}
