import { Redis } from 'ioredis';

/**
 * A Redis connection for commands. `maxRetriesPerRequest: null` keeps commands queued across a Redis
 * restart instead of failing them (the BullMQ production advice); readiness reports the outage.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: null, lazyConnect: false });
}

export type { Redis };
