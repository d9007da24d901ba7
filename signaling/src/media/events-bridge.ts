/**
 * Forwards what SFU nodes publish (active speaker, quality, room restarted or closed) to the
 * members of the room. Every signaling process gets every event and emits only to its own
 * sockets (`io.local`), so each member hears it once wherever they are connected.
 */
import { SfuEvent } from '@etapiste/sfu-control';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { mediaRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import { connectRedis, logRedisErrors } from '../redis/connection.js';
import type { Keys } from '../redis/keys.js';
import type { RoomPlacer } from './placement.js';

export class MediaEventsBridge {
  readonly #subscriber: Redis;

  constructor(
    redisUrl: string,
    private readonly keys: Keys,
    private readonly io: AppServer,
    private readonly placer: RoomPlacer,
    private readonly log: FastifyBaseLogger,
  ) {
    this.#subscriber = connectRedis(redisUrl, { connectionName: 'signaling-media-events' });
    logRedisErrors(this.#subscriber, log, 'media events');
  }

  async start(): Promise<void> {
    this.#subscriber.on('message', (_channel: string, message: string) => this.#onMessage(message));
    await this.#subscriber.subscribe(this.keys.mediaEvents());
  }

  close(): void {
    this.#subscriber.disconnect();
  }

  #onMessage(message: string): void {
    let event: SfuEvent;
    try {
      event = SfuEvent.parse(JSON.parse(message));
    } catch {
      this.log.warn('malformed SFU event ignored');
      return;
    }
    const room = this.io.local.to(mediaRoom(event.roomId));
    switch (event.type) {
      case 'speaker':
        room.emit('media:speaker', { roomId: event.roomId, participantId: event.participantId });
        break;
      case 'quality':
        room.emit('media:quality', { roomId: event.roomId, participants: event.participants });
        break;
      case 'room-restarted':
        room.emit('media:room:restarted', { roomId: event.roomId, reason: 'worker-died' });
        break;
      case 'room-closed':
        void this.placer.forget(event.roomId, event.nodeId).catch(() => undefined);
        break;
    }
  }
}
