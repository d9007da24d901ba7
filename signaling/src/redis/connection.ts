import { connectRedis } from '@etapiste/sfu-control';
import type { Redis } from 'ioredis';

/**
 * A Redis connection for commands. `maxRetriesPerRequest: null` keeps commands queued across a Redis
 * restart or a Sentinel failover instead of failing them (the BullMQ production advice); readiness
 * reports the outage. Auto-pipelining sends the commands issued in one tick of the event loop in
 * one write: under load the socket writes, not Redis, were the signaling process's largest cost
 * (`pnpm bench queue`). Blocking commands must not use this connection (BullMQ workers have their own).
 *
 * `target` is REDIS_URL or a Sentinel target (`redisTarget(config)`); every connection of the
 * process is made from it with {@link connectRedis}.
 */
export function createRedis(target: string, name: string): Redis {
  return connectRedis(target, {
    connectionName: name,
    maxRetriesPerRequest: null,
    lazyConnect: false,
    enableAutoPipelining: true,
  });
}

export { checkSentinelTarget, connectRedis, logRedisErrors, redisOptions } from '@etapiste/sfu-control';
export type { Redis };
