/**
 * A Redis connection's errors, or a BullMQ queue's (it re-emits its connection's), in the structured
 * log. Without a listener ioredis prints "[ioredis] Unhandled error event" to stderr and BullMQ
 * prints the error object with `console.error`: outside pino, once per failed reconnect, which is
 * several a second for every connection while Redis is down (seen in `pnpm bench chaos` with
 * CHAOS_REDIS_KILLS). Signaling's connections and the SFU node's use it. Here a source logs at
 * most one line a minute, saying how many it left out; readiness (`/readyz`) and the reconcile on
 * Redis's return say the rest.
 */
import type { EventEmitter } from 'node:events';

/** What the processes' pino loggers offer for this (signaling's Fastify logger, the SFU's pino). */
export interface WarnLogger {
  warn(fields: object, message: string): void;
}

export function logRedisErrors(source: EventEmitter, log: WarnLogger, name: string, everyMs = 60_000): void {
  let loggedAt = Number.NEGATIVE_INFINITY;
  let leftOut = 0;
  source.on('error', (error: Error) => {
    const now = Date.now();
    if (now - loggedAt < everyMs) {
      leftOut++;
      return;
    }
    log.warn({ err: error, redisConnection: name, ...(leftOut > 0 ? { leftOut } : {}) }, 'Redis connection error');
    loggedAt = now;
    leftOut = 0;
  });
}
