/**
 * Room events (active speaker, quality, room restarted or closed) go to signaling over one Redis
 * pub/sub channel; every signaling process forwards them to the sockets it holds. Pub/sub loses
 * messages nobody listens to, which suits these: each is either repeated (quality, speaker) or
 * recovered by the client anyway (a failed transport makes it rejoin).
 */
import { mediaKeys, type SfuEvent } from '@etapiste/sfu-control';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export class EventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  publish(event: SfuEvent): void {
    this.redis
      .publish(mediaKeys.events(this.prefix), JSON.stringify(event))
      .catch((error: unknown) => this.log.warn({ err: error, type: event.type }, 'event not published'));
  }
}
