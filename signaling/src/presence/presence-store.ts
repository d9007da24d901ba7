/**
 * Reads a specialist's state from Redis. Every change of it is a queue script (queue/lua.ts), so
 * that state and queue membership never disagree.
 */
import type { AwayReason, ExpertState } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

export interface Presence {
  state: ExpertState;
  reason?: AwayReason;
  since: string;
}

export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(expertId: string): Promise<Presence> {
    const fields = await this.redis.hgetall(this.keys.presence(expertId));
    if (!fields.state || !fields.since) return { state: 'offline', since: new Date(0).toISOString() };
    return {
      state: fields.state as ExpertState,
      since: isoTime(fields.since),
      ...(fields.reason ? { reason: fields.reason as AwayReason } : {}),
    };
  }
}

/**
 * The scripts write `since` as Redis epoch milliseconds; the protocol sends ISO datetimes. A value
 * that is not a number (an ISO string written by hand, e.g. in tests) passes through when valid.
 */
function isoTime(value: string): string {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}
