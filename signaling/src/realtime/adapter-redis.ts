import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import { logRedisErrors, redisOptions } from '../redis/connection.js';

/**
 * The Redis connection of the Socket.IO streams adapter, closed together with the connections the
 * adapter opens from it. The adapter reads its stream on a duplicate of this connection in a
 * blocking XREAD (up to 5 s) and drops that reader only once the read returns, so a closed server
 * would keep a connection, and its process, alive for up to 5 s: `close()` drops the duplicates
 * at once. The adapter's own later disconnect of a duplicate then does nothing (ioredis would arm
 * a 2 s destroy timer on the already closed socket).
 */
export class AdapterRedis extends Redis {
  readonly #duplicates: Redis[] = [];

  /** `target`: REDIS_URL or a Sentinel target (see redis/connection.ts). */
  constructor(
    target: string,
    private readonly log: FastifyBaseLogger,
  ) {
    super(redisOptions(target, { connectionName: 'signaling-adapter' }));
    logRedisErrors(this, log, 'socket.io adapter');
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const client = new DisconnectOnce({ ...this.options, ...override });
    logRedisErrors(client, this.log, 'socket.io adapter reader');
    this.#duplicates.push(client);
    return client;
  }

  /** Drops this connection and its duplicates without waiting for replies. */
  close(): void {
    for (const client of this.#duplicates) client.disconnect();
    this.disconnect();
  }
}

/** A connection whose `disconnect()` after it has ended is a no-op. */
class DisconnectOnce extends Redis {
  override disconnect(reconnect = false): void {
    if (this.status === 'end' && !reconnect) return;
    super.disconnect(reconnect);
  }
}
