import { Redis } from 'ioredis';

/**
 * A Redis connection for commands. `maxRetriesPerRequest: null` keeps commands queued across a Redis
 * restart instead of failing them (the BullMQ production advice); readiness reports the outage.
 * Auto-pipelining sends the commands issued in one tick of the event loop in one write: under load
 * the socket writes, not Redis, were the signaling process's largest cost (`pnpm bench queue`).
 * Blocking commands must not use this connection (BullMQ workers have their own).
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    lazyConnect: false,
    enableAutoPipelining: true,
  });
}

export type { Redis };
